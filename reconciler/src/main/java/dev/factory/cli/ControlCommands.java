package dev.factory.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.daemon.ControlSocket;
import dev.factory.daemon.Daemon;
import dev.factory.state.Suspension;
import dev.factory.runtime.Printable;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands that talk to a running daemon over its control socket ({@code STATE/control/daemon.sock}). */
final class ControlCommands {
    private ControlCommands() {}

    static Optional<JsonNode> ask(StateDir state, String command, String reason) throws IOException {
        var request = ControlSocket.request(command);
        if (reason != null) request.put("reason", reason);
        return ControlSocket.send(Daemon.controlSocket(state), request);
    }

    static int answer(Console console, JsonNode answer) {
        if (!answer.path("ok").asBoolean()) {
            console.err().println("error: the daemon answered: " + Printable.escape(answer.path("error").asText()));
            return ExitCodes.ERROR;
        }
        console.out().println(Printable.escape(answer.path("message").asText()));
        console.out().flush();
        return ExitCodes.OK;
    }

    @Command(name = "reconcile", description = {"Ask the running daemon to reconcile now (coalesced with one already queued).",
            "Needs the daemon; without it, run 'factory apply'."})
    static final class Reconcile extends ConfigCommand {
        @Override
        int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
            StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
            var answer = ask(state, "reconcile", null);
            if (answer.isEmpty()) {
                console.err().println("error: no daemon answers on " + Daemon.controlSocket(state) + "; start it (factory daemon, or "
                        + "sudo factory install-systemd), or converge now with factory apply");
                return ExitCodes.ERROR;
            }
            return answer(console, answer.get());
        }
    }

    @Command(name = "suspend", description = {"Suspend reconciles and jobs (the daemon skips them) until 'factory resume'.",
            "Kept in the state dir: it holds across daemon restarts, and works while the daemon is down."})
    static final class Suspend extends ConfigCommand {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown in status, on the status page and in the log.")
        String reason;

        @Override
        int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
            StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
            var answer = ask(state, "suspend", reason);
            if (answer.isPresent()) return answer(console, answer.get());
            var existing = Suspension.read(state);
            if (existing.isPresent()) {
                console.out().println("already " + existing.get().describe());
            } else {
                new Suspension(Instant.now(), reason, "factory suspend").write(state);
                console.out().println("suspended (no daemon is running; it will skip reconciles and jobs when it starts)");
            }
            console.out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "resume", description = "Resume reconciles and jobs after 'factory suspend'.")
    static final class Resume extends ConfigCommand {
        @Override
        int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
            StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
            var answer = ask(state, "resume", null);
            if (answer.isPresent()) return answer(console, answer.get());
            console.out().println(Suspension.clear(state) ? "resumed" : "not suspended");
            console.out().flush();
            return ExitCodes.OK;
        }
    }
}
