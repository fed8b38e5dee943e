package dev.factory.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The few GitHub REST endpoints runners need, over java.net.http. Retries 5xx with exponential
 * backoff, waits out rate limits ({@code Retry-After}, {@code x-ratelimit-reset}) up to a bound,
 * and never puts the token in a message or a log.
 */
public final class GitHubClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    /** Where the runners live: a repository or an organisation. */
    public record Scope(String owner, String repo) {
        public String path() {
            return repo == null ? "/orgs/" + owner : "/repos/" + owner + "/" + repo;
        }

        @Override
        public String toString() {
            return repo == null ? owner : owner + "/" + repo;
        }
    }

    public record Runner(long id, String name, String status, boolean busy, List<String> labels) {}

    public record Token(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[expires " + expiresAt + "]";
        }
    }

    public record JitConfig(Runner runner, String encoded) {
        @Override
        public String toString() {
            return "JitConfig[" + runner.name() + "]";
        }
    }

    public record Options(int retries, Duration maxWait, Duration timeout) {
        public static Options defaults() {
            return new Options(4, Duration.ofSeconds(60), Duration.ofSeconds(20));
        }
    }

    private final URI base;
    private final GitHubToken token;
    private final Options options;
    private final Consumer<String> log;
    private final HttpClient http;

    public GitHubClient(URI base, GitHubToken token, Options options, Consumer<String> log) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = token;
        this.options = options;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(options.timeout()).build();
    }

    /** {@code GITHUB_API_URL}, as in GitHub Actions, else the public API. */
    public static URI baseUrl(Map<String, String> env) {
        String url = env.get("GITHUB_API_URL");
        return URI.create(url == null || url.isBlank() ? "https://api.github.com" : url);
    }

    public List<Runner> listRunners(Scope scope) throws GitHubException {
        var out = new ArrayList<Runner>();
        String next = scope.path() + "/actions/runners?per_page=100";
        while (next != null) {
            var response = send("GET", next, null);
            for (JsonNode r : read(response, "list runners of " + scope).path("runners")) out.add(runner(r));
            next = response.headers().firstValue("Link").map(l -> {
                var m = NEXT.matcher(l);
                return m.find() ? m.group(1) : null;
            }).orElse(null);
        }
        return out;
    }

    public Token registrationToken(Scope scope) throws GitHubException {
        return token(scope, "registration-token");
    }

    public Token removeToken(Scope scope) throws GitHubException {
        return token(scope, "remove-token");
    }

    private Token token(Scope scope, String kind) throws GitHubException {
        JsonNode n = read(send("POST", scope.path() + "/actions/runners/" + kind, ""), kind + " for " + scope);
        return new Token(n.path("token").asText(), Instant.parse(n.path("expires_at").asText()));
    }

    public JitConfig generateJitConfig(Scope scope, String name, long groupId, List<String> labels, String workFolder) throws GitHubException {
        var body = JSON.createObjectNode().put("name", name).put("runner_group_id", groupId).put("work_folder", workFolder);
        var array = body.putArray("labels");
        labels.forEach(array::add);
        JsonNode n = read(send("POST", scope.path() + "/actions/runners/generate-jitconfig", body.toString()), "generate-jitconfig for " + name);
        return new JitConfig(runner(n.path("runner")), n.path("encoded_jit_config").asText());
    }

    public void deleteRunner(Scope scope, long id) throws GitHubException {
        var response = send("DELETE", scope.path() + "/actions/runners/" + id, null);
        if (response.statusCode() != 204 && response.statusCode() != 404) fail(response, "delete runner " + id + " of " + scope);
    }

    /** The token's own user: comments are matched by it, never by a marker alone. */
    public record User(long id, String login) {}

    /** An open pull request's head. */
    public record Pull(int number, String title, String headSha, String headRef, String baseRef) {}

    public record Comment(long id, long userId, String body) {}

    public User user() throws GitHubException {
        JsonNode n = read(send("GET", "/user", null), "who the token is");
        return new User(n.path("id").asLong(), n.path("login").asText());
    }

    public List<Pull> openPulls(Scope repo) throws GitHubException {
        var out = new ArrayList<Pull>();
        for (JsonNode p : paginate(repo.path() + "/pulls?state=open&per_page=100", "list open pull requests of " + repo)) {
            out.add(new Pull(p.path("number").asInt(), p.path("title").asText(), p.path("head").path("sha").asText(),
                    p.path("head").path("ref").asText(), p.path("base").path("ref").asText()));
        }
        return out;
    }

    public List<Comment> comments(Scope repo, int number) throws GitHubException {
        var out = new ArrayList<Comment>();
        for (JsonNode c : paginate(repo.path() + "/issues/" + number + "/comments?per_page=100", "list comments of " + repo + "#" + number)) {
            out.add(new Comment(c.path("id").asLong(), c.path("user").path("id").asLong(), c.path("body").asText()));
        }
        return out;
    }

    public long createComment(Scope repo, int number, String body) throws GitHubException {
        var json = JSON.createObjectNode().put("body", body).toString();
        return read(send("POST", repo.path() + "/issues/" + number + "/comments", json), "comment on " + repo + "#" + number).path("id").asLong();
    }

    public void updateComment(Scope repo, long id, String body) throws GitHubException {
        read(send("PATCH", repo.path() + "/issues/comments/" + id, JSON.createObjectNode().put("body", body).toString()), "update comment " + id);
    }

    public void deleteComment(Scope repo, long id) throws GitHubException {
        var response = send("DELETE", repo.path() + "/issues/comments/" + id, null);
        if (response.statusCode() != 204 && response.statusCode() != 404) fail(response, "delete comment " + id);
    }

    /** A commit status: {@code state} is pending, success, failure or error; GitHub keeps descriptions to 140 characters. */
    public void setStatus(Scope repo, String sha, String state, String context, String description) throws GitHubException {
        var json = JSON.createObjectNode().put("state", state).put("context", context)
                .put("description", description.length() > 140 ? description.substring(0, 137) + "..." : description);
        read(send("POST", repo.path() + "/statuses/" + sha, json.toString()), "set status " + context + " on " + sha);
    }

    private List<JsonNode> paginate(String first, String what) throws GitHubException {
        var out = new ArrayList<JsonNode>();
        String next = first;
        while (next != null) {
            var response = send("GET", next, null);
            read(response, what).forEach(out::add);
            next = response.headers().firstValue("Link").map(l -> {
                var m = NEXT.matcher(l);
                return m.find() ? m.group(1) : null;
            }).orElse(null);
        }
        return out;
    }

    private static Runner runner(JsonNode r) {
        var labels = new ArrayList<String>();
        r.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        return new Runner(r.path("id").asLong(), r.path("name").asText(), r.path("status").asText(), r.path("busy").asBoolean(), labels);
    }

    private HttpResponse<String> send(String method, String pathOrUrl, String body) throws GitHubException {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(base + pathOrUrl);
        long backoff = 500;
        String last = "no attempt";
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            var b = HttpRequest.newBuilder(uri).timeout(options.timeout())
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("Authorization", "Bearer " + token.value())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) b.header("Content-Type", "application/json");
            HttpResponse<String> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
                sleep(backoff, method + " " + uri.getPath() + ": " + last);
                backoff *= 2;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubException(method + " " + uri.getPath() + " interrupted", -1);
            }
            int status = response.statusCode();
            Duration wait = rateLimitWait(response);
            if (wait != null) {
                if (wait.compareTo(options.maxWait()) > 0) {
                    throw new GitHubException(method + " " + uri.getPath() + ": rate limited for " + wait.toSeconds() + " s more; try again later", status);
                }
                last = "rate limited";
                sleep(wait.toMillis(), method + " " + uri.getPath() + ": rate limited, waiting " + wait.toSeconds() + " s");
                continue;
            }
            if (status >= 500) {
                last = "HTTP " + status;
                sleep(backoff, method + " " + uri.getPath() + ": HTTP " + status);
                backoff *= 2;
                continue;
            }
            return response;
        }
        throw new GitHubException(method + " " + uri.getPath() + " failed after " + (options.retries() + 1) + " attempts (" + last + ")", -1);
    }

    /** How long GitHub asks us to wait, for a 403/429 that is a rate limit; null otherwise. */
    static Duration rateLimitWait(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 403 && status != 429) return null;
        var retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) return Duration.ofSeconds(Long.parseLong(retryAfter.get().strip()));
        if ("0".equals(response.headers().firstValue("x-ratelimit-remaining").orElse(null))) {
            long reset = Long.parseLong(response.headers().firstValue("x-ratelimit-reset").orElse("0"));
            return Duration.ofSeconds(Math.max(1, reset - Instant.now().getEpochSecond()));
        }
        return null;
    }

    private JsonNode read(HttpResponse<String> response, String what) throws GitHubException {
        if (response.statusCode() / 100 != 2) fail(response, what);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new GitHubException(what + ": the answer is not JSON", response.statusCode());
        }
    }

    private static void fail(HttpResponse<String> response, String what) throws GitHubException {
        String message;
        try {
            message = JSON.readTree(response.body()).path("message").asText("");
        } catch (IOException e) {
            message = "";
        }
        String hint = switch (response.statusCode()) {
            case 401 -> "; the token is not valid";
            case 403 -> "; the token lacks a scope (repo runners need 'repo', org runners 'admin:org')";
            case 404 -> "; no such repository or organisation, or the token cannot see it";
            default -> "";
        };
        throw new GitHubException(what + " answered HTTP " + response.statusCode() + (message.isEmpty() ? "" : ": " + message) + hint, response.statusCode());
    }

    private void sleep(long millis, String why) throws GitHubException {
        log.accept("github: " + why + "; retrying in " + millis + " ms");
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException("interrupted while waiting to retry", -1);
        }
    }
}
