package dev.factory.cli;

import dev.factory.daemon.Daemon;
import dev.factory.state.StateDir;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "daemon", description = {"Run reconcile, the drift report and the declared jobs on their schedules (Quartz) until SIGTERM.",
        "Each reconcile reloads the config (fetching it when it lives in git): a pushed change needs no restart."})
final class DaemonCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Option(names = "--pull-requests", paramLabel = "OWNER/NAME",
            description = "Plan the config repo's open pull requests on GitHub (default: the bootstrap file's source.pullRequests).")
    String pullRequestsRepo;

    @picocli.CommandLine.Option(names = "--log-format", paramLabel = "FORMAT", completionCandidates = LogFormats.class,
            description = "auto (default: json unless stderr is a terminal), text (TIME line) or json (one object a line: time, level, event, address, message).")
    String logFormat = "auto";

    static final class LogFormats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("auto", "text", "json").iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        var err = console.err();
        if (!java.util.List.of("auto", "text", "json").contains(logFormat)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--log-format is auto, text or json, not '" + logFormat + "'");
        }
        var format = dev.factory.daemon.LogFormat.choose(logFormat, System.console() != null);
        // one loader keeps the parsed config files for the reconciles and the plans the daemon answers
        var loader = dev.factory.app.Registry.configLoader().keepingParsedFiles();
        var daemon = new Daemon(() -> console.load(common, loader), d -> StateDir.resolve(common.stateDir, d.host(), d.configDir()), line -> {
            synchronized (err) {
                err.println(format.format(Instant.now(), line));
                err.flush();
            }
        }, loader);
        var source = console.source(common);
        var settings = source.map(Console.Source::pullRequests).orElse(null);
        String github = pullRequestsRepo != null ? pullRequestsRepo : settings == null ? null : settings.github();
        if (github != null && source.isPresent()) {
            var every = settings != null ? settings.every() : java.time.Duration.ofMinutes(2);
            var plans = new dev.factory.pullrequests.PullRequestPlans[1];
            daemon.withPullRequests(dev.factory.schedule.When.parse(every.toSeconds() + "s"), () -> {
                var loaded = console.load(common, loader);
                if (!loaded.ok()) return;
                var desired = loaded.desired();
                var tokenFile = desired.host().githubTokenFile() == null ? null : java.nio.file.Path.of(desired.host().githubTokenFile());
                var token = dev.factory.github.GitHubToken.find(System.getenv(), tokenFile)
                        .orElseThrow(() -> new IllegalStateException("no GitHub token for pull-request plans: set GH_TOKEN or host.github.tokenFile"));
                if (plans[0] == null) {
                    var client = new dev.factory.github.GitHubClient(dev.factory.github.GitHubClient.baseUrl(System.getenv()), token,
                            dev.factory.github.GitHubClient.Options.defaults(), line -> err.println(Instant.now() + " " + line));
                    plans[0] = new dev.factory.pullrequests.PullRequestPlans(client, github, source.get().spec(), source.get().stateRoot(),
                            line -> err.println(Instant.now() + " " + line));
                }
                var state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
                plans[0].runOnce(dir -> dev.factory.pullrequests.ReviewPlanner.plan(dir, desired, state));
            });
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.stop();
            stopped.countDown();
        }, "factory-daemon-stop"));
        daemon.start();
        stopped.await();
        return ExitCodes.OK;
    }
}
