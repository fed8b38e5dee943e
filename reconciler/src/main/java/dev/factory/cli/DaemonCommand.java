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

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        var err = console.err();
        var daemon = new Daemon(() -> console.load(common), d -> StateDir.resolve(common.stateDir, d.host(), d.configDir()), line -> {
            synchronized (err) {
                err.println(Instant.now() + " " + line);
                err.flush();
            }
        });
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
