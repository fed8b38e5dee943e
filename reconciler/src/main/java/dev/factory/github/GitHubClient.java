package dev.factory.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The few GitHub REST endpoints runners need, over java.net.http. Retries 5xx with exponential
 * backoff, waits out rate limits ({@code Retry-After}, {@code x-ratelimit-reset}) up to a bound,
 * and never puts the token in a message or a log.
 */
public final class GitHubClient {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private final GitHubHttp http;

    public GitHubClient(URI base, GitHubToken token, Options options, Consumer<String> log) {
        this.http = new GitHubHttp(base, token, options, log);
    }

    /** {@code GITHUB_API_URL}, as in GitHub Actions, else the public API. */
    public static URI baseUrl(Map<String, String> env) {
        String url = env.get("GITHUB_API_URL");
        return URI.create(url == null || url.isBlank() ? "https://api.github.com" : url);
    }

    public List<Runner> listRunners(Scope scope) throws GitHubException {
        var out = new ArrayList<Runner>();
        for (JsonNode r : http.paginate(scope.path() + "/actions/runners?per_page=100", "list runners of " + scope, page -> page.path("runners"))) {
            out.add(runner(r));
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
        JsonNode n = http.read(http.send("POST", scope.path() + "/actions/runners/" + kind, ""), kind + " for " + scope);
        return new Token(n.path("token").asText(), Instant.parse(n.path("expires_at").asText()));
    }

    public JitConfig generateJitConfig(Scope scope, String name, long groupId, List<String> labels, String workFolder) throws GitHubException {
        var body = JSON.createObjectNode().put("name", name).put("runner_group_id", groupId).put("work_folder", workFolder);
        var array = body.putArray("labels");
        labels.forEach(array::add);
        JsonNode n = http.read(http.send("POST", scope.path() + "/actions/runners/generate-jitconfig", body.toString()), "generate-jitconfig for " + name);
        return new JitConfig(runner(n.path("runner")), n.path("encoded_jit_config").asText());
    }

    public void deleteRunner(Scope scope, long id) throws GitHubException {
        var response = http.send("DELETE", scope.path() + "/actions/runners/" + id, null);
        if (response.statusCode() != 204 && response.statusCode() != 404) GitHubHttp.fail(response, "delete runner " + id + " of " + scope);
    }

    /** The token's own user: comments are matched by it, never by a marker alone. */
    public record User(long id, String login) {}

    /** An open pull request's head. */
    public record Pull(int number, String title, String headSha, String headRef, String baseRef) {}

    public record Comment(long id, long userId, String body) {}

    public User user() throws GitHubException {
        JsonNode n = http.read(http.send("GET", "/user", null), "who the token is");
        return new User(n.path("id").asLong(), n.path("login").asText());
    }

    public List<Pull> openPulls(Scope repo) throws GitHubException {
        var out = new ArrayList<Pull>();
        for (JsonNode p : http.paginate(repo.path() + "/pulls?state=open&per_page=100", "list open pull requests of " + repo, page -> page)) {
            out.add(new Pull(p.path("number").asInt(), p.path("title").asText(), p.path("head").path("sha").asText(),
                    p.path("head").path("ref").asText(), p.path("base").path("ref").asText()));
        }
        return out;
    }

    public List<Comment> comments(Scope repo, int number) throws GitHubException {
        var out = new ArrayList<Comment>();
        for (JsonNode c : http.paginate(repo.path() + "/issues/" + number + "/comments?per_page=100", "list comments of " + repo + "#" + number, page -> page)) {
            out.add(new Comment(c.path("id").asLong(), c.path("user").path("id").asLong(), c.path("body").asText()));
        }
        return out;
    }

    public long createComment(Scope repo, int number, String body) throws GitHubException {
        var json = JSON.createObjectNode().put("body", body).toString();
        return http.read(http.send("POST", repo.path() + "/issues/" + number + "/comments", json), "comment on " + repo + "#" + number).path("id").asLong();
    }

    public void updateComment(Scope repo, long id, String body) throws GitHubException {
        http.read(http.send("PATCH", repo.path() + "/issues/comments/" + id, JSON.createObjectNode().put("body", body).toString()), "update comment " + id);
    }

    public void deleteComment(Scope repo, long id) throws GitHubException {
        var response = http.send("DELETE", repo.path() + "/issues/comments/" + id, null);
        if (response.statusCode() != 204 && response.statusCode() != 404) GitHubHttp.fail(response, "delete comment " + id);
    }

    /** A commit status: {@code state} is pending, success, failure or error; GitHub keeps descriptions to 140 characters. */
    public void setStatus(Scope repo, String sha, String state, String context, String description) throws GitHubException {
        var json = JSON.createObjectNode().put("state", state).put("context", context)
                .put("description", description.length() > 140 ? description.substring(0, 137) + "..." : description);
        http.read(http.send("POST", repo.path() + "/statuses/" + sha, json.toString()), "set status " + context + " on " + sha);
    }

    private static Runner runner(JsonNode r) {
        var labels = new ArrayList<String>();
        r.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        return new Runner(r.path("id").asLong(), r.path("name").asText(), r.path("status").asText(), r.path("busy").asBoolean(), labels);
    }

}
