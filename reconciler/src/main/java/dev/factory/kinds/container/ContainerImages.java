package dev.factory.kinds.container;

import dev.factory.config.Desired;
import dev.factory.engine.port.EngineImage;
import dev.factory.kinds.image.ImageSection;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import java.util.List;
import java.util.Map;

/** What a container's image is at plan time and at apply time: for the container kind, and for any kind that runs containers of its own. */
@dev.factory.engine.KindApi
public final class ContainerImages {
    private ContainerImages() {}

    /** A declared image follows its own plan; an external one must already be on the host (nothing is pulled). */
    public static ContainerPlanner.ImageState imageState(String image, Desired desired, Map<Address, Change> earlier, List<EngineImage> imageList) {
        return imageState(image, desired, earlier, EngineImage.byTag(imageList));
    }

    /** As above, each tag looked up by {@code idOfTag} (a plan's many containers: {@link EngineImage#byTag} once). */
    public static ContainerPlanner.ImageState imageState(String image, Desired desired, Map<Address, Change> earlier,
                                                         java.util.function.Function<String, java.util.Optional<String>> idOfTag) {
        if (desired.get(ImageSection.SECTION).containsKey(image)) {
            Change change = earlier.get(Address.of("image", image));
            if (change == null || change.action() == Action.UNKNOWN) {
                return ContainerPlanner.ImageState.unknown("image image/" + image + " is unknown");
            }
            if (change.action() == Action.CREATE || change.action() == Action.REPLACE) {
                return ContainerPlanner.ImageState.rebuilt("image image/" + image + " " + (change.action() == Action.CREATE ? "built" : "rebuilt"));
            }
        }
        return current(image, desired, idOfTag);
    }

    /** The image as the engine holds it now, found in {@code imageList} (a plan's list). */
    public static ContainerPlanner.ImageState current(String image, Desired desired, List<EngineImage> imageList) {
        return current(image, desired, tag -> EngineImage.idOfTag(imageList, tag));
    }

    /** The image as the engine holds it now, each tag looked up by {@code idOfTag} (apply: {@code ImageEngine::idOfTag}). */
    public static ContainerPlanner.ImageState current(String image, Desired desired, java.util.function.Function<String, java.util.Optional<String>> idOfTag) {
        if (desired.get(ImageSection.SECTION).containsKey(image)) {
            return idOfTag.apply(image + ":latest").map(ContainerPlanner.ImageState::ready)
                    .orElse(ContainerPlanner.ImageState.unknown("image " + image + ":latest is missing"));
        }
        String ref = image.contains(":") || image.contains("@") ? image : image + ":latest";
        return idOfTag.apply(ref).map(ContainerPlanner.ImageState::ready)
                .orElse(ContainerPlanner.ImageState.unknown("image " + image
                        + " is not on this host and factory never pulls: pull or load it, or declare it in images"));
    }
}
