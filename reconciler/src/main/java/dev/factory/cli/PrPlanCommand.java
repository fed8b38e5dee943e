package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.github.GitHubClient;
import dev.factory.github.GitHubToken;
import dev.factory.pullrequests.PullRequestPlans;
import dev.factory.pullrequests.ReviewPlanner;
import dev.factory.state.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pr-plan", description = {
        "Plan every open pull request of the config repo against this host, and post each plan on GitHub:",
        "one comment per pull request, kept up to date, and a factory/plan commit status on its head.",
        "A pull request is data: its config is planned by this factory; its launcher, build and scripts never run.",
        "The daemon does the same on its schedule when the bootstrap file sets source.pullRequests."})
final class PrPlanCommand extends ConfigCommand {
    @Option(names = "--github", paramLabel = "OWNER/NAME", description = "The config repo on GitHub (default: the bootstrap file's source.pullRequests.github).")
    String github;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        var source = console.source(common);
        if (source.isEmpty()) {
            console.err().println("error: pr-plan plans the pull requests of a config repo: give --repo URL (and --path), or a bootstrap file");
            return ExitCodes.USAGE;
        }
        String repo = github != null ? github : source.get().pullRequests() == null ? null : source.get().pullRequests().github();
        if (repo == null || !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            console.err().println("error: name the config repo on GitHub: --github OWNER/NAME, or source.pullRequests.github in the bootstrap file");
            return ExitCodes.USAGE;
        }
        var tokenFile = desired.host().githubTokenFile() == null ? null : Path.of(desired.host().githubTokenFile());
        var token = GitHubToken.find(System.getenv(), tokenFile);
        if (token.isEmpty()) {
            console.err().println("error: no GitHub token: set GH_TOKEN, host.github.tokenFile, or sign in with gh");
            return ExitCodes.ERROR;
        }
        StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        var client = new GitHubClient(GitHubClient.baseUrl(System.getenv()), token.get(), GitHubClient.Options.defaults(), console::progress);
        var plans = new PullRequestPlans(client, repo, source.get().spec(), source.get().stateRoot(), console::progress);
        int n = plans.runOnce(dir -> ReviewPlanner.plan(dir, desired, state));
        console.err().println(n + " open pull request" + (n == 1 ? "" : "s") + " planned");
        return ExitCodes.OK;
    }
}
