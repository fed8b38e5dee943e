package dev.factory.engine.port;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The port through which the image kind reaches a Docker engine. */
public interface ImageEngine {

    /** Every image with at least one tag or a factory label, in one call. */
    List<EngineImage> listImages();

    /**
     * The id of the image one of whose tags is exactly {@code tag}, or empty. An engine answers it
     * with one inspect, where a list walks the whole image store: what apply asks before each
     * container it creates.
     */
    default java.util.Optional<String> idOfTag(String tag) {
        return EngineImage.idOfTag(listImages(), tag);
    }

    /** Builds from a context tar; returns the full image id. Progress lines go to {@code progress}. */
    String build(BuildRequest request, Consumer<String> progress) throws IOException;

    /** Removes one tag (or an untagged image by id); never forced, so an image in use stays. */
    void remove(String reference);

    /** @param network the network of the build's RUN steps (host, none), or null for the engine's default */
    record BuildRequest(Path contextTar, String dockerfile, Map<String, String> buildArgs,
                        Map<String, String> labels, List<String> tags, String network) {
        public BuildRequest(Path contextTar, String dockerfile, Map<String, String> buildArgs, Map<String, String> labels, List<String> tags) {
            this(contextTar, dockerfile, buildArgs, labels, tags, null);
        }
    }
}
