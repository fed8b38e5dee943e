package dev.factory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real shaded jar in a child process, with an environment of the test's choosing. */
public final class Jar {
    private Jar() {}

    /** The command line that runs the shaded jar with {@code args}, on this JVM. */
    public static List<String> command(String... args) {
        Path jar = Path.of(System.getProperty("factory.jar", "target/factory.jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("the shaded jar is built before integration tests: " + jar);
        var cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the jar with {@code args} in the background, stdout and stderr to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    /** Starts the jar with {@code args} and {@code env} added to this process's environment, stdout and stderr to {@code log}. */
    public static Process start(Path log, Map<String, String> env, String... args) throws IOException {
        var pb = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The jar with {@code args} and {@code env} added (and NO_COLOR=1), to its end. */
    public static Cli.Run run(Map<String, String> env, String... args) {
        return Cli.child(command(args), env, java.time.Duration.ofMinutes(5));
    }
}
