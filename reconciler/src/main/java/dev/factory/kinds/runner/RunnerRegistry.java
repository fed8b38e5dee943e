package dev.factory.kinds.runner;

import dev.factory.config.Desired;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port to where runners register (GitHub's Actions API); {@code dev.factory.github.GitHubRunners}
 * answers it. Tokens it returns are secrets: they go into a container's env and nowhere else.
 */
public interface RunnerRegistry {

    /** Where runners live: a repository ({@code owner/repo}) or an organisation ({@code owner}). */
    record Scope(String owner, String repo) {
        public static Scope parse(String text) {
            int slash = text.indexOf('/');
            return slash < 0 ? new Scope(text, null) : new Scope(text.substring(0, slash), text.substring(slash + 1));
        }

        @Override
        public String toString() {
            return repo == null ? owner : owner + "/" + repo;
        }
    }

    /** A registered runner as the registry lists it. */
    record Registered(long id, String name, String status, boolean busy, List<String> labels) {}

    /** A registry call failed; the message names the call and the status, never a token. */
    final class Failure extends Exception {
        private final int status;

        public Failure(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The HTTP status, or 0 when none came back. */
        public int status() {
            return status;
        }
    }

    List<Registered> list(Scope scope) throws Failure;

    void delete(Scope scope, long id) throws Failure;

    /** A registration token for {@code config.sh}. */
    String registrationToken(Scope scope) throws Failure;

    /** An encoded just-in-time runner config for one job. */
    String jitConfig(Scope scope, String name, long group, List<String> labels, String workFolder) throws Failure;

    /** The web URL {@code config.sh} registers against ({@code https://github.com}, or a GHES host). */
    String webUrl();

    /** Opens the registry for a config's host; empty when no token is found. */
    interface Opener {
        Optional<RunnerRegistry> open(Desired desired, Consumer<String> log);

        /** What to do when {@link #open} finds no token. */
        String NO_TOKEN = "no GitHub token: set GH_TOKEN, host.github.tokenFile, or sign in with gh";
    }
}
