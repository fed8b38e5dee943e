package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Desired;
import dev.factory.engine.port.EngineImage;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a container's image is: a declared image by its :latest tag, an external one as written (nothing pulled). */
class ContainerImagesTest {
    @TempDir
    Path tmp;

    private Desired desired;

    @BeforeEach
    void load() throws IOException {
        Files.createDirectories(tmp.resolve("box"));
        Files.writeString(tmp.resolve("box/Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n");
        Files.writeString(tmp.resolve("f.yaml"), "images:\n  web:\n    context: box\n    from: scratch\n");
        var r = dev.factory.app.Registry.configLoader().load(tmp);
        assertTrue(r.ok(), r.diagnostics().toString());
        desired = r.desired();
    }

    private static final List<EngineImage> ENGINE = List.of(
            new EngineImage("sha256:web", List.of("web:latest", "web:old"), Map.of(), 1, 1),
            new EngineImage("sha256:bb", List.of("busybox:latest"), Map.of(), 1, 1),
            new EngineImage("sha256:py", List.of("python:3.12"), Map.of(), 1, 1));

    @Test
    void aDeclaredImageIsItsLatestTagAndAnExternalOneIsAsWrittenWithLatestAdded() {
        assertEquals(ContainerPlanner.ImageState.ready("sha256:web"), ContainerImages.current("web", desired, ENGINE));
        assertEquals(ContainerPlanner.ImageState.ready("sha256:bb"), ContainerImages.current("busybox", desired, ENGINE));
        assertEquals(ContainerPlanner.ImageState.ready("sha256:py"), ContainerImages.current("python:3.12", desired, ENGINE));
        assertEquals(ContainerPlanner.ImageState.unknown("image python is not on this host and factory never pulls: pull or load it, or declare it in images"),
                ContainerImages.current("python", desired, ENGINE));
        assertEquals(ContainerPlanner.ImageState.unknown("image web:latest is missing"), ContainerImages.current("web", desired, List.of()));
    }

    @Test
    void theTagIndexFindsWhatTheListScanFindsTheFirstImageWithATagIncluded() {
        var images = new ArrayList<>(ENGINE);
        images.add(new EngineImage("sha256:web2", List.of("web:latest", "web:new"), Map.of(), 2, 1));   // a tag twice: the list's first wins
        var byTag = EngineImage.byTag(images);
        for (String tag : List.of("web:latest", "web:old", "web:new", "busybox:latest", "python:3.12", "python:latest", "nothing:latest")) {
            assertEquals(EngineImage.idOfTag(images, tag), byTag.apply(tag), tag);
        }
        assertEquals(Optional.of("sha256:web"), byTag.apply("web:latest"));
        assertEquals(Optional.of("sha256:web2"), byTag.apply("web:new"));
        assertEquals(Optional.empty(), EngineImage.byTag(List.of()).apply("web:latest"));
    }

    @Test
    void applyAsksForExactlyTheTagAPlanLooksForInTheList() {
        var asked = new ArrayList<String>();
        java.util.function.Function<String, Optional<String>> inspect = tag -> {
            asked.add(tag);
            return ENGINE.stream().filter(i -> i.tags().contains(tag)).map(EngineImage::id).findFirst();
        };
        for (String image : List.of("web", "busybox", "python:3.12", "python", "alpine@sha256:abc")) {
            assertEquals(ContainerImages.current(image, desired, ENGINE), ContainerImages.current(image, desired, inspect), image);
        }
        assertEquals(List.of("web:latest", "busybox:latest", "python:3.12", "python:latest", "alpine@sha256:abc"), asked);
    }

    @Test
    void aDeclaredImageFollowsItsOwnPlan() {
        var web = Address.of("image", "web");
        assertEquals(Action.UNKNOWN, ContainerImages.imageState("web", desired, Map.of(), ENGINE).pending());
        assertEquals(ContainerPlanner.ImageState.rebuilt("image image/web built"),
                ContainerImages.imageState("web", desired, Map.of(web, new Change(web, Action.CREATE, "", null, null, List.of())), ENGINE));
        assertEquals(ContainerPlanner.ImageState.rebuilt("image image/web rebuilt"),
                ContainerImages.imageState("web", desired, Map.of(web, new Change(web, Action.REPLACE, "", null, null, List.of())), ENGINE));
        assertEquals(ContainerPlanner.ImageState.unknown("image image/web is unknown"),
                ContainerImages.imageState("web", desired, Map.of(web, new Change(web, Action.UNKNOWN, "", null, null, List.of())), ENGINE));
        assertEquals(ContainerPlanner.ImageState.ready("sha256:web"),
                ContainerImages.imageState("web", desired, Map.of(web, new Change(web, Action.NO_OP, "", null, null, List.of())), ENGINE));
        assertEquals(ContainerPlanner.ImageState.ready("sha256:bb"), ContainerImages.imageState("busybox", desired, Map.of(), ENGINE),
                "an external image has no plan of its own");
    }
}
