package dev.factory.systemd;

import dev.factory.kinds.runner.Systemd;
import dev.factory.runtime.Processes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The host's service manager through its own CLI; tests point {@code systemctl} at a stand-in script. */
public final class Systemctl implements Systemd {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final String systemctl;

    public Systemctl(String systemctl) {
        this.systemctl = systemctl;
    }

    @Override
    public State state(String unit) {
        var r = run("is-active", unit);
        if (r.output().contains("not been booted with systemd") || r.output().contains("Failed to connect to bus")) return State.UNAVAILABLE;
        return r.ok() ? State.ACTIVE : State.INACTIVE;
    }

    @Override
    public void daemonReload() throws IOException {
        check(run("daemon-reload"), "daemon-reload");
    }

    @Override
    public void enableNow(String unit) throws IOException {
        check(run("enable", "--now", unit), "enable --now " + unit);
    }

    @Override
    public void disableNow(String unit) throws IOException {
        check(run("disable", "--now", unit), "disable --now " + unit);
    }

    private static void check(Processes.Result r, String what) throws IOException {
        if (!r.ok()) throw new IOException("systemctl " + what + " failed: " + (r.failure() != null ? r.failure() + " (not booted with systemd?)" : r.output()));
    }

    private Processes.Result run(String... args) {
        var cmd = new ArrayList<>(List.of(systemctl));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, TIMEOUT, true);
    }
}
