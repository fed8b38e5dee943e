package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.FileTrees;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ownership by lineage on the real engine: two configs on one engine (with the same host.name,
 * and with none) change and remove their declarations in turn and never touch each other's
 * objects; a lost state dir deletes nothing, lists what it no longer owns as foreign, and
 * imports it back; a state dir from before lineages adopts its old objects once.
 */
@RequiresDocker
class OwnershipIT {
    private static final long SEED = Long.getLong("ownership.seed", 20261126L);
    private static final int ROUNDS = Integer.getInteger("ownership.rounds", 20);

    @TempDir
    Path tmp;

    private String p;
    private final List<String> lineages = new ArrayList<>();

    @BeforeEach
    void setUp() {
        p = TestImages.uniquePrefix();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Path state : List.of(tmp.resolve("state-a"), tmp.resolve("state-b"))) {
            if (Files.exists(state.resolve("lineage.json"))) lineages.add(lineage(state));
        }
        for (String l : lineages) {
            String label = "label=dev.factory.lineage=" + l;
            DockerCli.run("ps", "-aq", "--filter", label).out().lines().filter(s -> !s.isBlank()).forEach(id -> DockerCli.run("rm", "-f", id));
            DockerCli.run("images", "-q", "--filter", label).out().lines().distinct().filter(s -> !s.isBlank()).forEach(id -> DockerCli.run("rmi", "-f", id));
            DockerCli.run("network", "ls", "-q", "--filter", label).out().lines().filter(s -> !s.isBlank()).forEach(id -> DockerCli.run("network", "rm", id));
            DockerCli.run("volume", "ls", "-q", "--filter", label).out().lines().filter(s -> !s.isBlank()).forEach(id -> DockerCli.run("volume", "rm", id));
        }
        DockerCli.removeEverythingOwned(p);
    }

    private static String lineage(Path state) throws IOException {
        return new ObjectMapper().readTree(state.resolve("lineage.json").toFile()).path("id").asText();
    }

    /** One config's declarations, mutated round by round. */
    private final class Side {
        final String name;
        final Path config;
        final Cli.Session factory;
        final String host;
        final TreeSet<String> services = new TreeSet<>(), networks = new TreeSet<>(), volumes = new TreeSet<>(), files = new TreeSet<>();
        int imageRevision;
        int fileRevision;

        Side(String name, String host) throws IOException {
            this.name = name;
            this.host = host;
            this.config = tmp.resolve("config-" + name);
            this.factory = Cli.on(() -> config);
            TestImages.busyboxContext(config.resolve("box"), "rev.txt", "0\n");
            services.add("s0");
            networks.add("n0");
            volumes.add("v0");
            files.add("f0");
        }

        String prefix() {
            return p + "-" + name;
        }

        void write() throws IOException {
            Files.writeString(config.resolve("box/rev.txt"), imageRevision + "\n");
            var y = new StringBuilder();
            y.append("host:\n").append(host == null ? "" : "  name: " + host + "\n").append("  stateDir: ../state-").append(name).append('\n');
            y.append("images:\n  ").append(prefix()).append("-box: {context: box, from: scratch}\n");
            y.append("profiles:\n  worker: {image: ").append(prefix()).append("-box, network: none}\n");
            y.append("services:").append(services.isEmpty() ? " {}\n" : "\n");
            for (String s : services) {
                y.append("  ").append(prefix()).append('-').append(s)
                        .append(": {profile: worker, command: [/bin/busybox, sh, -c, \"trap 'exit 0' TERM; while true; do /bin/busybox sleep 0.2; done\"]}\n");
            }
            y.append("networks:").append(networks.isEmpty() ? " {}\n" : "\n");
            for (String n : networks) y.append("  ").append(prefix()).append('-').append(n).append(": {}\n");
            y.append("volumes:").append(volumes.isEmpty() ? " {}\n" : "\n");
            for (String v : volumes) y.append("  ").append(prefix()).append('-').append(v).append(": {}\n");
            y.append("files:").append(files.isEmpty() ? " {}\n" : "\n");
            for (String f : files) {
                y.append("  ").append(f).append(": {path: ").append(tmp.resolve("rendered-" + name).resolve(f + ".txt"))
                        .append(", content: \"rev ").append(fileRevision).append("\\n\"}\n");
            }
            Files.writeString(config.resolve("factory.yaml"), y.toString());
        }

        void mutate(Random random) {
            toggle(random, services, "s", 4);
            toggle(random, networks, "n", 3);
            toggle(random, volumes, "v", 3);
            toggle(random, files, "f", 3);
            if (random.nextInt(4) == 0) imageRevision++;
            if (random.nextBoolean()) fileRevision++;
        }

        private void toggle(Random random, TreeSet<String> set, String letter, int most) {
            String item = letter + random.nextInt(most);
            if (!set.remove(item)) set.add(item);
        }


        /** Everything this side's lineage made, as the engine and the disk show it: ids, names, states, labels, bytes. */
        String snapshot() throws IOException {
            Path state = tmp.resolve("state-" + name);
            return Files.exists(state.resolve("lineage.json")) ? snapshot(lineage(state)) : "";
        }

        String snapshot(String lineage) throws IOException {
            String label = "label=dev.factory.lineage=" + lineage;
            return DockerCli.ok("ps", "-a", "--no-trunc", "--filter", label, "--format", "{{.ID}} {{.Names}} {{.State}} {{.Labels}}")
                    + "\n" + DockerCli.ok("images", "--no-trunc", "--filter", label, "--format", "{{.ID}} {{.Repository}}:{{.Tag}}")
                    + "\n" + DockerCli.ok("network", "ls", "--no-trunc", "--filter", label, "--format", "{{.ID}} {{.Name}}")
                    + "\n" + DockerCli.ok("volume", "ls", "--filter", label, "--format", "{{.Name}}")
                    + "\n" + (Files.isDirectory(tmp.resolve("rendered-" + name)) ? FileTrees.fingerprint(tmp.resolve("rendered-" + name)) : "");
        }
    }

    private void twoConfigsTakeTurns(String hostA, String hostB) throws Exception {
        var a = new Side("a", hostA);
        var b = new Side("b", hostB);
        var random = new Random(SEED);
        for (int round = 1; round <= ROUNDS; round++) {
            for (Side[] pair : new Side[][] {{a, b}, {b, a}}) {
                Side self = pair[0], other = pair[1];
                if (round > 1) self.mutate(random);
                self.write();
                String otherBefore = other.snapshot();
                var apply = self.factory.run("apply", "--auto-approve");
                String label = "round " + round + " (seed " + SEED + "), config " + self.name;
                assertEquals(0, apply.exitCode(), label + ":\n" + apply.all());
                assertFalse(apply.out().contains("- container/" + other.prefix()) || apply.out().contains("- image/" + other.prefix())
                        || apply.out().contains("- network/" + other.prefix()), label + " planned a delete of the other's object:\n" + apply.out());
                assertEquals(otherBefore, other.snapshot(), label + " changed the other config's objects");
                if (round % 5 == 0) {
                    var again = self.factory.run("plan", "--detailed-exitcode");
                    assertEquals(0, again.exitCode(), label + ": apply then plan is no-op\n" + again.all());
                }
            }
        }
        assertNotEquals(lineage(tmp.resolve("state-a")), lineage(tmp.resolve("state-b")));
    }

    @Test
    void twoConfigsWithTheSameHostNameNeverTouchEachOther() throws Exception {
        twoConfigsTakeTurns(p + "-host", p + "-host");
    }

    @Test
    void twoConfigsWithNoHostNameNeverTouchEachOther() throws Exception {
        twoConfigsTakeTurns(null, null);
    }

    @Test
    void aLostStateDirDeletesNothingListsItsObjectsAsForeignAndImportsThem() throws Exception {
        var a = new Side("a", p + "-host");
        a.services.add("s1");
        a.files.clear();
        a.write();
        assertEquals(0, a.factory.run("apply", "--auto-approve").exitCode());
        String lost = lineage(tmp.resolve("state-a"));
        lineages.add(lost);
        String before = a.snapshot();
        FileTrees.delete(tmp.resolve("state-a"));

        var plan = a.factory.run("plan", "--json");
        var json = new ObjectMapper().readTree(plan.out());
        assertEquals(0, json.at("/summary/delete").asInt(), "a fresh state dir deletes nothing:\n" + plan.out());
        var foreign = new TreeSet<String>();
        json.path("foreign").forEach(f -> foreign.add(f.path("address").asText()));
        assertTrue(foreign.containsAll(List.of("container/" + a.prefix() + "-s0-1", "container/" + a.prefix() + "-s1-1", "image/" + a.prefix() + "-box",
                "network/" + a.prefix() + "-n0", "volume/" + a.prefix() + "-v0")), "each object is listed as foreign: " + foreign);
        var text = a.factory.run("plan");
        assertTrue(text.out().contains("foreign: made by another factory lineage") && text.out().contains("factory import ADDRESS"), text.out());
        assertEquals(1, a.factory.run("apply", "--auto-approve").exitCode(), "names held by another lineage are errors, never overwritten");

        var imported = a.factory.run("import", "--all", "--auto-approve");
        assertEquals(0, imported.exitCode(), imported.all());
        assertTrue(imported.out().contains("Imported 5 objects"), imported.out());
        lineages.add(lineage(tmp.resolve("state-a")));
        var after = a.factory.run("plan", "--detailed-exitcode");
        assertEquals(0, after.exitCode(), "after the import the plan is no-op:\n" + after.all());
        assertEquals(before, a.snapshot(lost), "nothing was recreated or changed to get there: the same ids, states and labels");
    }

    @Test
    void importRefusesWhatTheConfigDoesNotDeclare() throws Exception {
        var a = new Side("a", p + "-host");
        a.write();
        assertEquals(0, a.factory.run("apply", "--auto-approve").exitCode());
        lineages.add(lineage(tmp.resolve("state-a")));
        var b = new Side("b", p + "-host");
        b.services.clear();
        b.write();
        var refused = b.factory.run("import", "container/" + a.prefix() + "-s0-1");
        assertEquals(1, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("does not declare container/" + a.prefix() + "-s0-1"), refused.err());
        assertFalse(Files.exists(tmp.resolve("state-b/lineage.json")) && lineage(tmp.resolve("state-b")).equals(lineage(tmp.resolve("state-a"))));
    }

    @Test
    void aStateDirFromBeforeLineagesAdoptsItsOldObjectsOnceAndANewOneDoesNot() throws Exception {
        var a = new Side("a", p + "-host");
        a.services.clear();
        a.networks.clear();
        a.volumes.clear();
        a.files.clear();
        a.write();
        // what the previous version left: a state dir without a lineage, objects labelled only with host.name
        Files.createDirectories(tmp.resolve("state-a"));
        Files.writeString(tmp.resolve("state-a/inventory.json"), "{\"formatVersion\": 1, \"objects\": {}}\n");
        DockerCli.ok("volume", "create", "--label", "dev.factory.managed=true", "--label", "dev.factory.owner=" + p + "-host",
                "--label", "dev.factory.address=volume/" + a.prefix() + "-old", a.prefix() + "-old");
        DockerCli.ok("network", "create", "--label", "dev.factory.managed=true", "--label", "dev.factory.owner=" + p + "-host",
                "--label", "dev.factory.address=network/" + a.prefix() + "-old", a.prefix() + "-old");
        try {
            var b = new Side("b", p + "-host");
            b.services.clear();
            b.networks.clear();
            b.volumes.clear();
            b.files.clear();
            b.write();
            var fresh = b.factory.run("plan");
            assertTrue(fresh.out().contains("network/" + a.prefix() + "-old") && fresh.out().contains("foreign"),
                    "a new state dir never adopts by label:\n" + fresh.out());
            assertFalse(fresh.out().contains("- network/" + a.prefix() + "-old"), fresh.out());

            var legacy = a.factory.run("plan");
            assertTrue(legacy.out().contains("- network/" + a.prefix() + "-old"), "the old state dir still owns its undeclared network:\n" + legacy.out());
            assertFalse(legacy.out().contains("    network/" + a.prefix() + "-old (") || legacy.out().contains("    volume/" + a.prefix() + "-old ("),
                    "its own old objects are not foreign to it:\n" + legacy.out());
            assertEquals(0, a.factory.run("apply", "--auto-approve").exitCode());
            var adopted = new ObjectMapper().readTree(tmp.resolve("state-a/lineage.json").toFile()).path("adopted");
            assertTrue(adopted.toString().contains(a.prefix() + "-old"), "the volume was adopted into the new lineage: " + adopted);
            assertFalse(DockerCli.run("network", "inspect", a.prefix() + "-old").exitCode() == 0, "the undeclared old network was removed as before");
            assertEquals(0, a.factory.run("plan", "--detailed-exitcode").exitCode());
        } finally {
            DockerCli.run("network", "rm", a.prefix() + "-old");
            DockerCli.run("volume", "rm", a.prefix() + "-old");
        }
    }
}
