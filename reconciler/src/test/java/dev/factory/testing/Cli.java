package dev.factory.testing;

import dev.factory.cli.Main;
import dev.factory.cli.Prompter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

/** Runs the real command line in-process and keeps what it printed. */
public final class Cli {
    public record Run(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private Cli() {}

    /** {@code args} followed by {@code --config config}: how the integration tests call every command. */
    public static String[] withConfig(java.nio.file.Path config, String... args) {
        var all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return all;
    }

    public static Run run(String... args) {
        return run(question -> Optional.empty(), args);
    }

    public static Run run(Prompter prompter, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), prompter);
        return new Run(code, out.toString(), err.toString());
    }

    /** As {@code factory ARGS} runs from a shell: a plan a running daemon answers takes the fast path ({@code Main.execute}). */
    public static Run execute(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), question -> Optional.empty());
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * As the launcher asks a running daemon before any JVM starts: its client ({@code factory_ask.py})
     * in the system's Python, as the launcher runs it. Exit 75 or 76 means it left the run to the CLI.
     */
    public static Run python(String... args) {
        var command = new java.util.ArrayList<>(java.util.List.of("/usr/bin/python3", "-I", "-S",
                java.nio.file.Path.of("src/main/python/factory_ask.py").toAbsolutePath().toString()));
        command.addAll(java.util.List.of(args));
        return child(command, java.util.Map.of(), java.time.Duration.ofMinutes(3));
    }

    /** {@code command} in a child process with {@code env} added (and NO_COLOR=1), what it printed and how it ended. */
    static Run child(java.util.List<String> command, java.util.Map<String, String> env, java.time.Duration within) {
        try {
            var pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            pb.environment().put("NO_COLOR", "1");
            java.nio.file.Path err = java.nio.file.Files.createTempFile("factory-err", ".txt");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + within);
            }
            String errText = java.nio.file.Files.readString(err);
            java.nio.file.Files.delete(err);
            return new Run(p.exitValue(), out, errText);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The command line bound to one config, as every integration test drives it: {@code
     * factory.run("apply", "--auto-approve")} is {@code factory apply --auto-approve --config DIR}.
     * Every run is kept, in order, so a test can check them all (a canary never printed).
     */
    public static final class Session {
        private final java.util.function.Supplier<java.nio.file.Path> config;
        private final java.util.function.Supplier<java.util.Map<String, String>> env;
        private final boolean child;
        private final java.util.List<Run> runs = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        private Session(java.util.function.Supplier<java.nio.file.Path> config, java.util.function.Supplier<java.util.Map<String, String>> env,
                        boolean child) {
            this.config = config;
            this.env = env;
            this.child = child;
        }

        public Run run(String... args) {
            String[] all = withConfig(config.get(), args);
            Run run = child ? Jar.run(env.get(), all) : Cli.run(all);
            runs.add(run);
            return run;
        }

        /** Every run so far; a test may add runs it made another way. */
        public java.util.List<Run> runs() {
            return runs;
        }
    }

    /** In-process runs against the config {@code config} names when each run starts. */
    public static Session on(java.util.function.Supplier<java.nio.file.Path> config) {
        return new Session(config, java.util.Map::of, false);
    }

    /** Runs of the shaded jar in a child process, with {@code env} (read at each run) added to its environment. */
    public static Session jar(java.util.function.Supplier<java.nio.file.Path> config, java.util.function.Supplier<java.util.Map<String, String>> env) {
        return new Session(config, env, true);
    }
}
