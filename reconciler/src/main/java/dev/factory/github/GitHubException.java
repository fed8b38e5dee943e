package dev.factory.github;

/** A GitHub API call failed; the message names the call and the status, never the token. */
public final class GitHubException extends Exception {
    private final int status;

    public GitHubException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
