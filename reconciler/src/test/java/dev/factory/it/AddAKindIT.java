package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.apply.ApplyOptions;
import dev.factory.app.Adapters;
import dev.factory.app.Registry;
import dev.factory.config.ConfigLoader;
import dev.factory.engine.KindModule;
import dev.factory.engine.Reconciler;
import dev.factory.git.JgitConfigGit;
import dev.factory.kinds.stamp.StampModule;
import dev.factory.plan.Action;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import dev.factory.state.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What adding a kind takes: the test-only {@code stamp} kind lives in its own package (section,
 * schema fragment, kind, module) and joins the real registry with one line. The loader reads its
 * section, the schema checks it, the reconciler plans, applies and deletes it, and a second plan
 * is all no-op, without any other file knowing it exists.
 */
class AddAKindIT {
    @TempDir
    Path tmp;

    private List<KindModule> kinds() {
        var kinds = new ArrayList<>(Registry.kinds());
        kinds.add(new StampModule());   // the one registry line
        return kinds;
    }

    private Path config(String stamps) throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("host.yaml"), "host:\n  name: stamps\n  stateDir: " + tmp.resolve("state") + "\n"
                + "  dockerHost: unix://" + tmp.resolve("no-docker.sock") + "\n");
        Files.writeString(config.resolve("stamps.yaml"), stamps);
        return config;
    }

    private Map<String, Action> plan(String stamps, boolean apply) throws Exception {
        var kinds = kinds();
        var loaded = new ConfigLoader(Registry.sections(kinds), new JgitConfigGit()).load(config(stamps));
        assertTrue(loaded.ok(), loaded.diagnostics().toString());
        var desired = loaded.desired();
        var state = StateDir.resolve(null, desired.host(), desired.configDir());
        try (var reconciler = Reconciler.open(desired, loaded.diagnostics(), state, Adapters.open(desired.host(), Map.of()), kinds, line -> { })) {
            Plan plan = reconciler.plan();
            assertFalse(plan.hasErrors(), plan.diagnostics().toString());
            if (apply) assertTrue(reconciler.apply(plan, ApplyOptions.defaults(), line -> { }).succeeded());
            return plan.changes().stream().filter(c -> c.address().kind().equals("stamp"))
                    .collect(Collectors.toMap(c -> c.address().name(), Change::action));
        }
    }

    @Test
    void aKindInItsOwnPackagePlusOneRegistryLinePlansAppliesAndDeletes() throws Exception {
        Path stamps = tmp.resolve("state/stamps");
        assertEquals(Map.of("hello", Action.CREATE), plan("stamps:\n  hello: {text: hi}\n", true));
        assertEquals("hi", Files.readString(stamps.resolve("hello")));
        assertEquals(Map.of("hello", Action.NO_OP), plan("stamps:\n  hello: {text: hi}\n", false), "idempotent: apply, then plan, is no-op");

        assertEquals(Map.of("hello", Action.UPDATE), plan("stamps:\n  hello: {text: bye}\n", true));
        assertEquals("bye", Files.readString(stamps.resolve("hello")));

        assertEquals(Map.of("hello", Action.DELETE, "other", Action.CREATE), plan("stamps:\n  other: {text: x}\n", true));
        assertFalse(Files.exists(stamps.resolve("hello")));
        assertEquals(Map.of("other", Action.NO_OP), plan("stamps:\n  other: {text: x}\n", false));
    }

    @Test
    void itsSchemaFragmentChecksItsSection() throws Exception {
        var loaded = new ConfigLoader(Registry.sections(kinds()), new JgitConfigGit()).load(config("stamps:\n  hello: {txt: hi}\n"));
        assertFalse(loaded.ok());
        assertTrue(loaded.diagnostics().stream().anyMatch(d -> d.summary().contains("unknown key 'txt'") && d.summary().contains("text")),
                loaded.diagnostics().toString());
        var without = Registry.configLoader().load(config("stamps:\n  hello: {text: hi}\n"));
        assertTrue(without.diagnostics().stream().anyMatch(d -> d.summary().contains("unknown kind 'stamps'")),
                "without its registry line the kind does not exist:\n" + without.diagnostics());
    }
}
