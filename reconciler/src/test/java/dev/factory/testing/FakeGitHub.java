package dev.factory.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub API on 127.0.0.1 following the documented request and response shapes of the
 * self-hosted runner endpoints (repo and org), with pagination, one-hour registration tokens,
 * error bodies, and injectable 500s and rate limits. The runner stand-in in tests reports to
 * its {@code /_standin/*} endpoints, as the real runner talks to GitHub.
 */
public final class FakeGitHub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUNNERS = Pattern.compile("^/(repos/[^/]+/[^/]+|orgs/[^/]+)/actions/runners(?:/(registration-token|remove-token|generate-jitconfig|\\d+))?$");

    public static final class Runner {
        public final long id;
        public final String scope;
        public final String name;
        public volatile String status;
        public volatile boolean busy;
        public final List<String> labels;
        final boolean jit;

        Runner(long id, String scope, String name, String status, List<String> labels, boolean jit) {
            this.id = id;
            this.scope = scope;
            this.name = name;
            this.status = status;
            this.labels = labels;
            this.jit = jit;
        }
    }

    private final HttpServer server;
    private final String token;
    private final Map<Long, Runner> runners = new LinkedHashMap<>();
    private final Map<String, Instant> registrationTokens = new HashMap<>();
    private final Map<String, Long> jitConfigs = new HashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger failures = new AtomicInteger();

    // pull requests, their comments and commit statuses, as GitHub's REST API documents them
    private static final Pattern PULLS = Pattern.compile("^/repos/([^/]+/[^/]+)/pulls$");
    private static final Pattern ISSUE_COMMENTS = Pattern.compile("^/repos/([^/]+/[^/]+)/issues/(\\d+)/comments$");
    private static final Pattern COMMENT = Pattern.compile("^/repos/([^/]+/[^/]+)/issues/comments/(\\d+)$");
    private static final Pattern STATUSES = Pattern.compile("^/repos/([^/]+/[^/]+)/statuses/([0-9a-f]{40})$");
    /** The user the token belongs to. */
    public static final long USER_ID = 4242;

    public record Pull(String repo, int number, String title, String headSha) {}

    public record Comment(long id, String repo, int number, long userId, String body) {}

    public record Status(String repo, String sha, String state, String context, String description) {}

    private final Map<String, Pull> pulls = new LinkedHashMap<>();
    public final List<Comment> comments = new ArrayList<>();
    public final List<Status> statuses = new ArrayList<>();

    /** Opens (or, with the same number, moves) a pull request. */
    public synchronized void openPull(String repo, int number, String title, String headSha) {
        pulls.put(repo + "#" + number, new Pull(repo, number, title, headSha));
    }

    /** A comment someone else wrote. */
    public synchronized Comment commentAs(long userId, String repo, int number, String body) {
        var c = new Comment(ids.incrementAndGet(), repo, number, userId, body);
        comments.add(c);
        return c;
    }

    public synchronized List<Comment> comments(String repo, int number) {
        return comments.stream().filter(c -> c.repo().equals(repo) && c.number() == number).toList();
    }

    public synchronized List<Status> statuses(String sha) {
        return statuses.stream().filter(st -> st.sha().equals(sha)).toList();
    }

    /** The pull-request endpoints; false when the path is not one of them. */
    private boolean reviews(HttpExchange x, String path, String method) throws IOException {
        Matcher m;
        if (path.equals("/user") && method.equals("GET")) {
            reply(x, 200, JSON.createObjectNode().put("id", USER_ID).put("login", "factory-bot"));
        } else if ((m = PULLS.matcher(path)).matches() && method.equals("GET")) {
            var array = JSON.createArrayNode();
            for (Pull pr : pulls.values()) {
                if (!pr.repo().equals(m.group(1))) continue;
                var n = array.addObject().put("number", pr.number()).put("title", pr.title()).put("state", "open");
                n.putObject("head").put("sha", pr.headSha()).put("ref", "feature-" + pr.number());
                n.putObject("base").put("ref", "main");
            }
            reply(x, 200, array);
        } else if ((m = ISSUE_COMMENTS.matcher(path)).matches() && method.equals("GET")) {
            var array = JSON.createArrayNode();
            for (Comment c : comments(m.group(1), Integer.parseInt(m.group(2)))) {
                var n = array.addObject().put("id", c.id()).put("body", c.body());
                n.putObject("user").put("id", c.userId()).put("login", c.userId() == USER_ID ? "factory-bot" : "someone");
            }
            reply(x, 200, array);
        } else if ((m = ISSUE_COMMENTS.matcher(path)).matches() && method.equals("POST")) {
            var c = commentAs(USER_ID, m.group(1), Integer.parseInt(m.group(2)), JSON.readTree(x.getRequestBody()).path("body").asText());
            reply(x, 201, JSON.createObjectNode().put("id", c.id()));
        } else if ((m = COMMENT.matcher(path)).matches() && (method.equals("PATCH") || method.equals("DELETE"))) {
            long id = Long.parseLong(m.group(2));
            var old = comments.stream().filter(c -> c.id() == id).findFirst().orElse(null);
            if (old == null) {
                reply(x, 404, message("Not Found"));
            } else if (old.userId() != USER_ID) {
                reply(x, 403, message("Resource not accessible by integration"));
            } else if (method.equals("DELETE")) {
                comments.remove(old);
                reply(x, 204, null);
            } else {
                comments.set(comments.indexOf(old), new Comment(id, old.repo(), old.number(), old.userId(), JSON.readTree(x.getRequestBody()).path("body").asText()));
                reply(x, 200, JSON.createObjectNode().put("id", id));
            }
        } else if ((m = STATUSES.matcher(path)).matches() && method.equals("POST")) {
            JsonNode body = JSON.readTree(x.getRequestBody());
            statuses.add(new Status(m.group(1), m.group(2), body.path("state").asText(), body.path("context").asText(), body.path("description").asText()));
            reply(x, 201, JSON.createObjectNode().put("state", body.path("state").asText()));
        } else {
            return false;
        }
        return true;
    }
    private volatile int failStatus;
    public final List<String> jobsRunIn = new ArrayList<>();
    public final AtomicInteger requests = new AtomicInteger();

    public FakeGitHub(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code n} API calls fail: 500, or 403 rate limited (resetting in a second). */
    public void failNext(int n, int status) {
        failStatus = status;
        failures.set(n);
    }

    public synchronized Runner add(String scope, String name, String status, boolean busy, List<String> labels) {
        var r = new Runner(ids.incrementAndGet(), scope, name, status, labels, false);
        r.busy = busy;
        runners.put(r.id, r);
        return r;
    }

    public synchronized List<Runner> runners(String scope) {
        return runners.values().stream().filter(r -> r.scope.equals(scope)).toList();
    }

    public synchronized Runner byName(String name) {
        return runners.values().stream().filter(r -> r.name.equals(name)).findFirst().orElse(null);
    }

    private synchronized void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            if (path.startsWith("/_standin/")) {
                standin(x, path, JSON.readTree(x.getRequestBody()));
                return;
            }
            requests.incrementAndGet();
            if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                reply(x, 401, message("Bad credentials"));
                return;
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (failStatus == 403) {
                    x.getResponseHeaders().add("x-ratelimit-remaining", "0");
                    x.getResponseHeaders().add("x-ratelimit-reset", String.valueOf(Instant.now().getEpochSecond() + 1));
                    reply(x, 403, message("API rate limit exceeded"));
                } else {
                    reply(x, failStatus, message("Server Error"));
                }
                return;
            }
            if (reviews(x, path, x.getRequestMethod())) return;
            Matcher m = RUNNERS.matcher(path);
            if (!m.matches()) {
                reply(x, 404, message("Not Found"));
                return;
            }
            String scope = m.group(1).replaceFirst("^(repos|orgs)/", "");
            String sub = m.group(2);
            String method = x.getRequestMethod();
            if (sub == null && method.equals("GET")) list(x, scope);
            else if ("registration-token".equals(sub) || "remove-token".equals(sub)) {
                String t = "AR" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
                Instant expires = Instant.now().plusSeconds(3600);
                if ("registration-token".equals(sub)) registrationTokens.put(t, expires);
                reply(x, 201, JSON.createObjectNode().put("token", t).put("expires_at", expires.toString()));
            } else if ("generate-jitconfig".equals(sub)) {
                JsonNode body = JSON.readTree(x.getRequestBody());
                String name = body.path("name").asText();
                if (runners.values().stream().anyMatch(r -> r.scope.equals(scope) && r.name.equals(name))) {
                    reply(x, 409, message("Already exists - A runner with the name " + name + " already exists."));
                    return;
                }
                var labels = new ArrayList<String>(List.of("self-hosted"));
                body.path("labels").forEach(l -> { if (!l.asText().equals("self-hosted")) labels.add(l.asText()); });
                var r = new Runner(ids.incrementAndGet(), scope, name, "offline", labels, true);
                runners.put(r.id, r);
                String encoded = Base64.getEncoder().encodeToString(("{\"name\":\"" + name + "\",\"id\":" + r.id + "}").getBytes(StandardCharsets.UTF_8));
                jitConfigs.put(encoded, r.id);
                ObjectNode out = JSON.createObjectNode();
                out.set("runner", runner(r));
                out.put("encoded_jit_config", encoded);
                reply(x, 201, out);
            } else if (sub != null && method.equals("DELETE")) {
                Runner r = runners.get(Long.parseLong(sub));
                if (r == null) reply(x, 404, message("Not Found"));
                else if (r.busy) reply(x, 422, message("Bad request - Runner \"" + r.name + "\" is still running a job\""));
                else {
                    runners.remove(r.id);
                    reply(x, 204, null);
                }
            } else {
                reply(x, 404, message("Not Found"));
            }
        } catch (RuntimeException e) {
            reply(x, 500, message(e.toString()));
        }
    }

    private void list(HttpExchange x, String scope) throws IOException {
        var query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
        int perPage = Math.min(100, intParam(query, "per_page", 30));
        int page = intParam(query, "page", 1);
        var all = runners.values().stream().filter(r -> r.scope.equals(scope)).toList();
        var slice = all.subList(Math.min(all.size(), (page - 1) * perPage), Math.min(all.size(), page * perPage));
        if (page * perPage < all.size()) {
            String next = url() + x.getRequestURI().getPath() + "?per_page=" + perPage + "&page=" + (page + 1);
            x.getResponseHeaders().add("Link", "<" + next + ">; rel=\"next\"");
        }
        ObjectNode out = JSON.createObjectNode().put("total_count", all.size());
        var array = out.putArray("runners");
        slice.forEach(r -> array.add(runner(r)));
        reply(x, 200, out);
    }

    private void standin(HttpExchange x, String path, JsonNode body) throws IOException {
        switch (path) {
            case "/_standin/configure" -> {
                Instant expires = registrationTokens.get(body.path("token").asText());
                if (expires == null || expires.isBefore(Instant.now())) {
                    reply(x, 401, message("registration token invalid or expired"));
                    return;
                }
                String scope = body.path("url").asText().replaceFirst("^.*?//[^/]+/", "");
                var labels = new ArrayList<String>(List.of("self-hosted", "Linux", "X64"));
                for (String l : body.path("labels").asText().split(",")) if (!l.isBlank() && !l.equals("self-hosted") && !l.equalsIgnoreCase("linux")) labels.add(l);
                runners.values().removeIf(r -> r.scope.equals(scope) && r.name.equals(body.path("name").asText()));
                add(scope, body.path("name").asText(), "online", false, labels);
                reply(x, 201, JSON.createObjectNode().put("ok", true));
            }
            case "/_standin/job" -> {
                String encoded = body.path("jit").asText();
                Long id = jitConfigs.remove(encoded);
                if (id == null || !runners.containsKey(id)) {
                    reply(x, 401, message("unknown or used JIT config"));
                    return;
                }
                jobsRunIn.add(body.path("host").asText());
                runners.remove(id);   // an ephemeral runner is removed once its job ends
                reply(x, 200, JSON.createObjectNode().put("ok", true));
            }
            default -> reply(x, 404, message("Not Found"));
        }
    }

    private static ObjectNode runner(Runner r) {
        ObjectNode n = JSON.createObjectNode().put("id", r.id).put("name", r.name).put("os", "linux").put("status", r.status).put("busy", r.busy);
        var labels = n.putArray("labels");
        for (int i = 0; i < r.labels.size(); i++) {
            labels.addObject().put("id", i + 1).put("name", r.labels.get(i)).put("type", i < 3 ? "read-only" : "custom");
        }
        return n;
    }

    private static int intParam(String query, String name, int fallback) {
        for (String kv : query.split("&")) if (kv.startsWith(name + "=")) return Integer.parseInt(kv.substring(name.length() + 1));
        return fallback;
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text).put("documentation_url", "https://docs.github.com/rest");
    }

    private static void reply(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
