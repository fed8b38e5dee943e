package dev.factory.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.factory.kinds.swarm.SwarmEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SwarmEngine} over the engine's HTTP API, on the gateway's connection: docker-java 3.7
 * has no replicated-job mode, so specs go as the engine's JSON. Every call is one request.
 */
public final class DockerSwarmEngine implements SwarmEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DockerGateway gateway;

    DockerSwarmEngine(DockerGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public State state() {
        JsonNode info = get("/info");
        JsonNode swarm = info.path("Swarm");
        boolean nnp = false;
        for (JsonNode option : info.path("SecurityOptions")) nnp |= option.asText().contains("name=no-new-privileges");
        return new State(swarm.path("LocalNodeState").asText("inactive"), text(swarm, "NodeID"), text(swarm, "NodeAddr"), text(info, "Name"),
                swarm.path("ControlAvailable").asBoolean(false), text(swarm.path("Cluster"), "ID"), nnp);
    }

    @Override
    public List<Node> nodes() {
        var out = new ArrayList<Node>();
        for (JsonNode n : get("/nodes")) {
            out.add(new Node(n.path("ID").asText(), n.path("Version").path("Index").asLong(), n.path("Description").path("Hostname").asText(),
                    n.path("Status").path("Addr").asText(), n.path("Spec").path("Role").asText(), n.path("ManagerStatus").path("Leader").asBoolean(false),
                    n.path("Status").path("State").asText(), n.path("Spec").path("Availability").asText(), labels(n.path("Spec").path("Labels")),
                    (ObjectNode) n.path("Spec")));
        }
        return out;
    }

    @Override
    public List<Service> services() {
        var out = new ArrayList<Service>();
        for (JsonNode s : get("/services")) {
            out.add(new Service(s.path("ID").asText(), s.path("Version").path("Index").asLong(), s.path("Spec").path("Name").asText(),
                    labels(s.path("Spec").path("Labels")), (ObjectNode) s.path("Spec"), text(s.path("UpdateStatus"), "State"),
                    text(s.path("UpdateStatus"), "Message")));
        }
        return out;
    }

    @Override
    public List<Task> tasks() {
        var out = new ArrayList<Task>();
        for (JsonNode t : get("/tasks")) {
            JsonNode status = t.path("Status");
            JsonNode exit = status.path("ContainerStatus").path("ExitCode");
            out.add(new Task(t.path("ID").asText(), t.path("ServiceID").asText(), text(t, "NodeID"), status.path("State").asText(),
                    t.path("DesiredState").asText(), exit.isNumber() ? exit.asInt() : null, text(status, "Err"),
                    t.path("JobIteration").path("Index").asLong(0)));
        }
        return out;
    }

    @Override
    public String createService(JsonNode spec) {
        return send(DockerHttpClient.Request.Method.POST, "/services/create", spec).path("ID").asText();
    }

    @Override
    public void updateService(String id, long version, JsonNode spec) {
        send(DockerHttpClient.Request.Method.POST, "/services/" + id + "/update?version=" + version, spec);
    }

    @Override
    public void removeService(String id) {
        call(DockerHttpClient.Request.Method.DELETE, "/services/" + id, null, true);
    }

    @Override
    public void updateNode(String id, long version, JsonNode spec) {
        send(DockerHttpClient.Request.Method.POST, "/nodes/" + id + "/update?version=" + version, spec);
    }

    @Override
    public Optional<String> pushedDigest(String reference, String repository) {
        JsonNode image = call(DockerHttpClient.Request.Method.GET, "/images/" + reference + "/json", null, true);
        for (JsonNode digest : image.path("RepoDigests")) {
            if (digest.asText().startsWith(repository + "@")) return Optional.of(digest.asText());
        }
        return Optional.empty();
    }

    @Override
    public String push(String imageId, String repository, String tag) {
        call(DockerHttpClient.Request.Method.POST, "/images/" + imageId + "/tag?repo=" + encode(repository) + "&tag=" + encode(tag), null, false);
        // the engine wants an auth header even for a registry that asks for none
        String auth = Base64.getUrlEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8));
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/images/" + encode(repository) + "/push?tag=" + encode(tag)).putHeader("X-Registry-Auth", auth).build();
        String digest = null;
        try (var response = execute(request)) {
            if (response.getStatusCode() >= 300) throw failed("push " + repository + ":" + tag, response);
            var parser = JSON.getFactory().createParser(response.getBody());
            for (var it = JSON.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode line = it.next();
                if (line.hasNonNull("error")) throw new IllegalStateException("push " + repository + ":" + tag + " failed: " + line.get("error").asText());
                if (line.path("aux").hasNonNull("Digest")) digest = line.path("aux").get("Digest").asText();
            }
        } catch (IOException e) {
            throw new IllegalStateException("push " + repository + ":" + tag + " failed: " + e.getMessage(), e);
        }
        if (digest == null) throw new IllegalStateException("push " + repository + ":" + tag + " ended without a digest");
        return repository + "@" + digest;
    }

    @Override
    public List<String> taskLogs(String taskId, int lines) {
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/tasks/" + taskId + "/logs?stdout=1&stderr=1&tail=" + lines).build();
        try (var response = execute(request)) {
            if (response.getStatusCode() >= 300) return List.of();
            return frames(response.getBody());
        } catch (IOException e) {
            return List.of("(logs unavailable: " + e.getMessage() + ")");
        }
    }

    /** The engine's multiplexed log stream (8-byte headers: stream, 0, 0, 0, big-endian length) as lines. */
    static List<String> frames(InputStream in) throws IOException {
        var text = new StringBuilder();
        byte[] header = new byte[8];
        while (in.readNBytes(header, 0, 8) == 8) {
            int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            text.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
        var out = new ArrayList<String>();
        for (String line : text.toString().split("\n")) if (!line.isEmpty()) out.add(line);
        return out;
    }

    private JsonNode get(String path) {
        return call(DockerHttpClient.Request.Method.GET, path, null, false);
    }

    private JsonNode send(DockerHttpClient.Request.Method method, String path, JsonNode body) {
        return call(method, path, body, false);
    }

    /** One request; {@code missingIsEmpty}: a 404 answers an empty object rather than failing. */
    private JsonNode call(DockerHttpClient.Request.Method method, String path, JsonNode body, boolean missingIsEmpty) {
        var builder = DockerHttpClient.Request.builder().method(method).path(path);
        if (body != null) {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            builder.putHeader("Content-Type", "application/json").body(new ByteArrayInputStream(bytes));
        }
        try (var response = execute(builder.build())) {
            if (missingIsEmpty && response.getStatusCode() == 404) return JSON.createObjectNode();
            if (response.getStatusCode() >= 300) throw failed(method + " " + path.replaceFirst("\\?.*", ""), response);
            byte[] answer = response.getBody().readAllBytes();
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        } catch (IOException e) {
            throw gateway.unreachable(new RuntimeException(e));
        }
    }

    private DockerHttpClient.Response execute(DockerHttpClient.Request request) {
        try {
            return gateway.http().execute(request);
        } catch (RuntimeException e) {
            throw gateway.unreachable(e);
        }
    }

    private static IllegalStateException failed(String what, DockerHttpClient.Response response) throws IOException {
        String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
        String message = body;
        try {
            message = JSON.readTree(body).path("message").asText(body);
        } catch (IOException ignored) {
            // not JSON: keep the text
        }
        return new IllegalStateException(what + ": the engine answered " + response.getStatusCode() + ": " + message.strip());
    }

    private static Map<String, String> labels(JsonNode node) {
        var out = new LinkedHashMap<String, String>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isEmpty() ? node.get(field).asText() : null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
