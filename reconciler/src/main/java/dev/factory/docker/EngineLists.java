package dev.factory.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.EngineImage;
import dev.factory.kinds.network.NetworkEngine.EngineNetwork;
import dev.factory.kinds.volume.VolumeEngine.EngineVolume;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four list calls every plan makes ({@code GET /containers/json?all=1}, {@code /images/json},
 * {@code /networks}, {@code /volumes}), read as JSON trees from {@link PlainHttp}'s answers and
 * turned into factory's own records. docker-java's typed commands would bind each answer to its
 * annotated model classes, whose Jackson deserializers a short CLI run builds from reflection
 * before the first object is read; a no-op plan needs only these four answers, so it never
 * starts docker-java's command layer at all (see {@link DockerGateway#client}).
 */
final class EngineLists {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineLists() {}

    static List<EngineContainer> containers(JsonNode list) {
        var out = new ArrayList<EngineContainer>(list.size());
        for (JsonNode c : list) {
            String id = c.path("Id").asText();
            JsonNode names = c.path("Names");
            String name = names.size() == 0 ? id : names.get(0).asText().replaceFirst("^/", "");
            out.add(new EngineContainer(id, name, text(c, "ImageID"), text(c, "State"), labels(c),
                    EngineContainer.healthIn(text(c, "Status"))));
        }
        return out;
    }

    static List<EngineImage> images(JsonNode list) {
        var out = new ArrayList<EngineImage>(list.size());
        for (JsonNode i : list) {
            var tags = new ArrayList<String>();
            for (JsonNode tag : i.path("RepoTags")) {
                if (!tag.asText().equals("<none>:<none>")) tags.add(tag.asText());
            }
            out.add(new EngineImage(i.path("Id").asText(), tags, labels(i), i.path("Created").asLong(0), i.path("Size").asLong(0)));
        }
        return out;
    }

    static List<EngineNetwork> networks(JsonNode list) {
        var out = new ArrayList<EngineNetwork>(list.size());
        for (JsonNode n : list) {
            out.add(new EngineNetwork(n.path("Id").asText(), n.path("Name").asText(), text(n, "Driver"),
                    n.path("Internal").asBoolean(false), labels(n)));
        }
        return out;
    }

    /** {@code GET /volumes} answers {@code {"Volumes": [...] | null, "Warnings": ...}}. */
    static List<EngineVolume> volumes(JsonNode answer) {
        var out = new ArrayList<EngineVolume>();
        for (JsonNode v : answer.path("Volumes")) out.add(new EngineVolume(v.path("Name").asText(), text(v, "Driver"), labels(v)));
        return out;
    }

    /** The answer's body as the JSON array (or object) asked for; anything else is an error naming the call. */
    static JsonNode tree(String path, PlainHttp.Answer answer, boolean array) {
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered HTTP " + answer.status() + message(answer.body()));
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(answer.body());
        } catch (IOException e) {
            tree = null;
        }
        if (tree == null || (array ? !tree.isArray() : !tree.isObject())) {
            throw new IllegalStateException("GET " + path + " answered something other than a JSON " + (array ? "array" : "object"));
        }
        return tree;
    }

    /**
     * A reference that goes into a path as it is: a name, tag or digest of the characters image
     * references are made of. Anything else is looked up in the list instead.
     */
    static boolean plainReference(String reference) {
        return reference.matches("[A-Za-z0-9][A-Za-z0-9._/:@-]*") && !reference.contains("..");
    }

    /**
     * {@code GET /images/TAG/json}'s answer as the id of the image {@code tag} is exactly one of the
     * tags of (as a list would find it); empty on 404. The engine resolves a name more loosely (a
     * digest, an id prefix, a registry's default host), so its answer counts only when its own tags
     * hold {@code tag}.
     */
    static java.util.Optional<String> idOfTag(String tag, String path, PlainHttp.Answer answer) {
        if (answer.status() == 404) return java.util.Optional.empty();
        JsonNode image = tree(path, answer, false);
        for (JsonNode t : image.path("RepoTags")) {
            if (t.asText().equals(tag)) return java.util.Optional.of(image.path("Id").asText());
        }
        return java.util.Optional.empty();
    }

    /** The engine's error message ({@code {"message": ...}}), escaped, as ": MESSAGE"; empty when there is none. */
    private static String message(byte[] body) {
        try {
            String message = JSON.readTree(body).path("message").asText("");
            return message.isEmpty() ? "" : ": " + dev.factory.runtime.Printable.escape(message);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> labels(JsonNode node) {
        JsonNode labels = node.path("Labels");
        if (!labels.isObject()) return Map.of();
        var out = new LinkedHashMap<String, String>();
        labels.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }
}
