package dev.factory.github;

import dev.factory.config.Desired;
import dev.factory.config.HostPaths;
import dev.factory.kinds.runner.RunnerRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The runner kind's registry on GitHub's REST API (self-hosted runners, registration and JIT tokens). */
public final class GitHubRunners implements RunnerRegistry {
    private final GitHubClient client;
    private final Map<String, String> env;

    GitHubRunners(GitHubClient client, Map<String, String> env) {
        this.client = client;
        this.env = env;
    }

    /** Opens with the token the host declares ({@code host.github.tokenFile}) or the environment's ({@code GH_TOKEN}, gh's). */
    public static Opener opener(Map<String, String> env) {
        return (desired, log) -> token(desired, env).map(t -> new GitHubRunners(new GitHubClient(GitHubClient.baseUrl(env), t,
                GitHubClient.Options.defaults(), log), env));
    }

    static Optional<GitHubToken> token(Desired desired, Map<String, String> env) {
        String file = desired.host().githubTokenFile();
        return GitHubToken.find(env, file == null ? null : HostPaths.resolve(file, desired.host(), desired.configDir()));
    }

    private static GitHubClient.Scope scope(Scope s) {
        return new GitHubClient.Scope(s.owner(), s.repo());
    }

    private static Failure failure(GitHubException e) {
        return new Failure(e.getMessage(), e.status(), e);
    }

    @Override
    public List<Registered> list(Scope scope) throws Failure {
        try {
            return client.listRunners(scope(scope)).stream()
                    .map(r -> new Registered(r.id(), r.name(), r.status(), r.busy(), r.labels())).toList();
        } catch (GitHubException e) {
            throw failure(e);
        }
    }

    @Override
    public void delete(Scope scope, long id) throws Failure {
        try {
            client.deleteRunner(scope(scope), id);
        } catch (GitHubException e) {
            throw failure(e);
        }
    }

    @Override
    public String registrationToken(Scope scope) throws Failure {
        try {
            return client.registrationToken(scope(scope)).token();
        } catch (GitHubException e) {
            throw failure(e);
        }
    }

    @Override
    public String jitConfig(Scope scope, String name, long group, List<String> labels, String workFolder) throws Failure {
        try {
            return client.generateJitConfig(scope(scope), name, group, labels, workFolder).encoded();
        } catch (GitHubException e) {
            throw failure(e);
        }
    }

    /** GITHUB_SERVER_URL, else derived from the API URL. */
    @Override
    public String webUrl() {
        String server = env.get("GITHUB_SERVER_URL");
        if (server != null && !server.isBlank()) return server.replaceAll("/+$", "");
        String api = GitHubClient.baseUrl(env).toString().replaceAll("/+$", "");
        if (api.equals("https://api.github.com")) return "https://github.com";
        return api.replaceAll("/api/v3$", "");
    }
}
