package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Desired;
import dev.factory.config.HostSpec;
import dev.factory.engine.port.EngineImage;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.Action;
import dev.factory.plan.Change;
import dev.factory.plan.Owner;
import dev.factory.state.Inventory;
import dev.factory.state.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI plan reads build contexts side by side: each image gets its own context's inputs, one
 * that cannot be read is unknown with the reason and the others are planned. Real contexts on
 * disk; an engine that holds no image.
 */
class ImageKindContextsIT {
    @TempDir
    Path tmp;

    private static final ImageEngine EMPTY_ENGINE = new ImageEngine() {
        @Override
        public List<EngineImage> listImages() {
            return List.of();
        }

        @Override
        public String build(BuildRequest request, Consumer<String> progress) {
            throw new AssertionError("a plan builds nothing");
        }

        @Override
        public void remove(String reference) {
            throw new AssertionError("a plan removes nothing");
        }
    };

    private ImageSpec image(String name, int files) throws Exception {
        Path context = tmp.resolve("config").resolve(name);
        Files.createDirectories(context);
        Files.writeString(context.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY . /\n");
        for (int i = 0; i < files; i++) Files.writeString(context.resolve("f" + i + ".txt"), name + " " + i + "\n");
        return new ImageSpec(name, context, context.resolve("Dockerfile"), "scratch", Map.of(), Map.of(), null);
    }

    @Test
    void eachImageGetsItsOwnContextAndAnUnreadableOneIsUnknownAlone() throws Exception {
        var specs = new TreeMap<String, ImageSpec>();
        for (int i = 0; i < 12; i++) specs.put("img-" + i, image("img-" + i, i * 20));
        ImageSpec gone = image("gone", 1);
        specs.put("gone", gone);
        Files.delete(gone.context().resolve("f0.txt"));
        Files.delete(gone.context().resolve("Dockerfile"));
        Files.delete(gone.context());
        StateDir state = new StateDir(Files.createDirectories(tmp.resolve("state")));
        var desired = new Desired(tmp.resolve("config"), null, HostSpec.defaults(), Map.of(ImageSection.SECTION, specs));

        var plan = new ImageKind(EMPTY_ENGINE, Owner.of("test"), Inventory.load(state), state, null).plan(desired, Map.of());

        Map<String, Change> byName = plan.changes().stream().collect(Collectors.toMap(c -> c.address().name(), c -> c));
        assertEquals(Action.UNKNOWN, byName.get("gone").action());
        assertTrue(byName.get("gone").reason().startsWith("cannot read build context " + gone.context()), byName.get("gone").reason());
        for (int i = 0; i < 12; i++) {
            Change change = byName.get("img-" + i);
            assertEquals(Action.CREATE, change.action(), change.toString());
            // the inputs planned are those its own context hashes to, read alone
            assertEquals(BuildContext.read(specs.get("img-" + i)).inputs().inputsDigest(), change.after().get("inputs"), "img-" + i);
        }
    }
}
