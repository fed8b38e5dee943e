package dev.factory.kinds.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The port to the host's service manager. {@link #cli} runs systemctl; tests point it at a stand-in script. */
public interface Systemd {

    /** active, inactive, or unavailable (no systemd running here). */
    enum State { ACTIVE, INACTIVE, UNAVAILABLE }

    State state(String unit);

    void daemonReload() throws IOException;

    void enableNow(String unit) throws IOException;

    void disableNow(String unit) throws IOException;

    static Systemd cli(String systemctl) {
        return new Systemd() {
            @Override
            public State state(String unit) {
                var r = run(systemctl, "is-active", unit);
                if (r.out().contains("not been booted with systemd") || r.out().contains("Failed to connect to bus")) return State.UNAVAILABLE;
                return r.code() == 0 ? State.ACTIVE : State.INACTIVE;
            }

            @Override
            public void daemonReload() throws IOException {
                check(run(systemctl, "daemon-reload"), "daemon-reload");
            }

            @Override
            public void enableNow(String unit) throws IOException {
                check(run(systemctl, "enable", "--now", unit), "enable --now " + unit);
            }

            @Override
            public void disableNow(String unit) throws IOException {
                check(run(systemctl, "disable", "--now", unit), "disable --now " + unit);
            }
        };
    }

    record Result(int code, String out) {}

    private static void check(Result r, String what) throws IOException {
        if (r.code() != 0) throw new IOException("systemctl " + what + " failed: " + r.out());
    }

    private static Result run(String systemctl, String... args) {
        var cmd = new ArrayList<>(List.of(systemctl));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, "cannot run " + systemctl + ": " + e.getMessage() + " (not booted with systemd?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
