package dev.factory.pullrequests;

import dev.factory.github.GitHubClient;
import dev.factory.github.GitHubException;
import dev.factory.source.SourceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Plans every open pull request of the config repo, from the trusted daemon, and says so on
 * GitHub: one comment per pull request, found by its marker AND written by the token's own user
 * (another user's comment with the marker is never taken for ours), kept up to date on every
 * push, and a {@code factory/plan} commit status on the head (pending, then success or failure).
 * The pull request is data: its config is loaded and planned by this binary against live state;
 * its launcher, build files and scripts are never run. Merging stays the approval.
 */
public final class PullRequestPlans {
    public static final String CONTEXT = "factory/plan";
    public static final String MARKER = "<!-- factory-plan -->";

    /** What planning one head gave: whether it is clean, one line for the status, the comment's Markdown. */
    public record Outcome(boolean ok, String summary, String markdown) {}

    private final GitHubClient github;
    private final GitHubClient.Scope repo;
    private final SourceSpec source;
    private final Path stateRoot;
    private final Consumer<String> log;
    /** head SHA -> the status last posted for it, so a daemon does not repost an unchanged one every round. */
    private final Map<String, String> posted = new ConcurrentHashMap<>();

    public PullRequestPlans(GitHubClient github, String ownerSlashName, SourceSpec source, Path stateRoot, Consumer<String> log) {
        int slash = ownerSlashName.indexOf('/');
        this.github = github;
        this.repo = new GitHubClient.Scope(ownerSlashName.substring(0, slash), ownerSlashName.substring(slash + 1));
        this.source = source;
        this.stateRoot = stateRoot;
        this.log = log;
    }

    /**
     * One round: every open pull request planned by {@code planner} (a config dir to its outcome,
     * made with the trusted config of this round), commented, given a status. Returns how many.
     */
    public int runOnce(Function<Path, Outcome> planner) throws GitHubException {
        var me = github.user();
        List<GitHubClient.Pull> pulls = github.openPulls(repo);
        for (GitHubClient.Pull pr : pulls) {
            if (!posted.containsKey(pr.headSha())) status(pr, "pending", "planning " + shortSha(pr.headSha()) + " against the host");
            Outcome outcome;
            try {
                outcome = planner.apply(PullCheckout.checkout(source, pr.number(), pr.headSha(), stateRoot));
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                outcome = new Outcome(false, "could not check out the head", "factory could not check out this head: " + why + "\n");
            }
            String body = MARKER + "\n" + "Planned by the factory daemon at `" + shortSha(pr.headSha()) + "` against the host's live state;"
                    + " nothing from this pull request was run.\n\n" + outcome.markdown().replace(MARKER + "\n", "");
            upsertComment(pr.number(), me.id(), body);
            status(pr, outcome.ok() ? "success" : "failure", outcome.summary());
            log.accept("pull request #" + pr.number() + " (" + shortSha(pr.headSha()) + "): " + outcome.summary());
        }
        return pulls.size();
    }

    private void status(GitHubClient.Pull pr, String state, String description) throws GitHubException {
        String key = state + " " + description;
        if (key.equals(posted.get(pr.headSha()))) return;
        github.setStatus(repo, pr.headSha(), state, CONTEXT, description);
        posted.put(pr.headSha(), key);
    }

    /** The token's user's marked comment, updated when it differs; a duplicate left by a retried create is removed. */
    private void upsertComment(int number, long me, String body) throws GitHubException {
        var ours = github.comments(repo, number).stream().filter(c -> c.userId() == me && c.body().startsWith(MARKER)).toList();
        if (ours.isEmpty()) {
            github.createComment(repo, number, body);
            return;
        }
        var keep = ours.get(0);
        if (!keep.body().equals(body)) github.updateComment(repo, keep.id(), body);
        for (var duplicate : ours.subList(1, ours.size())) github.deleteComment(repo, duplicate.id());
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
