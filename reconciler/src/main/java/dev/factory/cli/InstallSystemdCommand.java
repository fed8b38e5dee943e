package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.daemon.DaemonUnit;
import dev.factory.kinds.runner.Systemd;
import dev.factory.source.Bootstrap;
import dev.factory.state.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "install-systemd", description = "Install factory.service for the daemon into host.systemd.unitDir, then daemon-reload and enable --now it.")
final class InstallSystemdCommand extends ConfigCommand {
    @Option(names = "--no-start", description = "Write the unit only.")
    boolean noStart;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        var args = new ArrayList<String>();
        if (common.config != null) args.add("--config " + common.config.toAbsolutePath().normalize());
        else if (common.repo != null) {
            args.add("--repo " + common.repo);
            if (common.ref != null) args.add("--ref " + common.ref);
            if (common.path != null) args.add("--path " + common.path);
        } else {
            args.add("--bootstrap " + (common.bootstrap != null ? common.bootstrap.toAbsolutePath() : Bootstrap.DEFAULT));
        }
        if (common.stateDir != null) args.add("--state-dir " + common.stateDir.toAbsolutePath().normalize());
        Path unit = Path.of(desired.host().unitDir()).resolve(DaemonUnit.NAME);
        AtomicFiles.write(unit, DaemonUnit.render(desired.host().factoryBin(), String.join(" ", args)).getBytes(StandardCharsets.UTF_8));
        console.out().println("wrote " + unit);
        if (!noStart) {
            var systemd = new dev.factory.systemd.Systemctl(desired.host().systemctl());
            systemd.daemonReload();
            systemd.enableNow(DaemonUnit.NAME);
            console.out().println("enabled and started " + DaemonUnit.NAME + "; follow it with: journalctl -u factory -f");
        }
        return ExitCodes.OK;
    }
}
