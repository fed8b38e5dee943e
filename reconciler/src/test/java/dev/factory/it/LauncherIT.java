package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.factory.daemon.ControlSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code factory}): one build at a time when the jar is stale, and its two class
 * archives: a plan a running daemon is likely to answer (only the fast path's options, and a
 * control socket where the CLI asks) maps a small archive of its own, dumped by the first such
 * run; every other run the archive of a whole plan. Where the system has a Python, such a run is
 * answered by the launcher's client in it without any JVM ({@code factory_ask.py}): the same
 * request, output and exit code as the JVM's client. Run from a copy of the launcher, the client and the jar,
 * so the checkout's archives are not touched; the daemon is the production {@link ControlSocket}
 * answering a canned plan, so no engine is needed.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("../factory").toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("factory.jar", "target/factory.jar")).toAbsolutePath();
    private static final Path CLIENT = Path.of("src/main/python/factory_ask.py").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path root;
    private Path config;
    private Path state;
    private ControlSocket daemon;
    private final AtomicInteger asked = new AtomicInteger();
    private final List<com.fasterxml.jackson.databind.JsonNode> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What the test daemon's answer says besides (or instead of) its defaults. */
    private final java.util.concurrent.atomic.AtomicReference<com.fasterxml.jackson.databind.node.ObjectNode> answer =
            new java.util.concurrent.atomic.AtomicReference<>(JsonNodeFactory.instance.objectNode());

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.resolve("checkout");
        Files.createDirectories(root.resolve("reconciler/target"));
        Files.copy(LAUNCHER, root.resolve("factory"));
        Files.setPosixFilePermissions(root.resolve("factory"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(JAR, root.resolve("reconciler/target/factory.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Path client = root.resolve("reconciler/src/main/python/factory_ask.py");
        Files.createDirectories(client.getParent());
        Files.copy(CLIENT, client);
        // older than the jar, as in a built checkout: the launcher finds nothing to rebuild
        var built = java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() - 60_000);
        for (Path p = client; !p.equals(root.resolve("reconciler")); p = p.getParent()) Files.setLastModifiedTime(p, built);
        config = Files.createDirectories(tmp.resolve("config"));
        state = tmp.resolve("state");
        Files.createDirectories(state.resolve("control"));
        daemon = ControlSocket.open(state.resolve("control/daemon.sock"), request -> {
            asked.incrementAndGet();
            requests.add(request);
            return JsonNodeFactory.instance.objectNode().put("mine", request.path("command").asText().equals("plan")
                            && request.path("config").asText().equals(config.toString()))
                    .put("text", "the test daemon's plan\n").put("errors", false).put("pending", false).put("pid", 4242).put("tookMs", 1)
                    .setAll(answer.get());
        }, line -> { });
    }

    @AfterEach
    void tearDown() throws Exception {
        daemon.close();
    }

    private Path archive(String name) {
        return root.resolve("reconciler/target").resolve(name);
    }

    /**
     * What a launcher run printed, how it ended, the archive its JVM mapped ("" for none but the JDK's)
     * and whether a JVM ran at all.
     */
    private record Run(int code, String out, String err, String opened, boolean jvm) {}

    /** A launcher run whose daemon client is the JVM's (QuickPlan), as where the system has no Python. */
    private Run run(String... args) throws Exception {
        return run(true, args);
    }

    private Run run(boolean jvmClient, String... args) throws Exception {
        Path cds = Files.createTempFile(tmp, "cds", ".log");
        var command = new ArrayList<>(List.of(root.resolve("factory").toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        pb.environment().put("FACTORY_JAVA_OPTS", "-Xlog:cds=info:file=" + cds);
        pb.environment().remove("FACTORY_PLAN_HERE");
        pb.environment().remove("FACTORY_API_STATS");
        pb.environment().remove("FACTORY_TIMING");
        pb.environment().remove("NO_COLOR");
        if (jvmClient) pb.environment().put("FACTORY_JAVA_CLIENT", "1");
        else pb.environment().remove("FACTORY_JAVA_CLIENT");
        var p = pb.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the launcher finished");
        String log = Files.readString(cds, StandardCharsets.UTF_8);
        String opened = log.lines().filter(l -> l.contains("Opened archive ") && !l.contains("/lib/server/"))
                .reduce((a, b) -> b).map(l -> l.substring(l.indexOf("Opened archive ") + "Opened archive ".length()).replaceAll("\\.$", "")).orElse("");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8), Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8),
                opened, !log.isEmpty());
    }

    private Run ok(String... args) throws Exception {
        Run r = run(args);
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    @Test
    void aPlanTheDaemonAnswersMapsItsOwnSmallArchiveAndEveryOtherRunTheWholePlansOne() throws Exception {
        String[] viaDaemon = {"plan", "--config", config.toString(), "--state-dir", state.toString()};

        Run first = ok(viaDaemon);
        assertEquals("the test daemon's plan\n", first.out());
        assertEquals("", first.opened(), "the first run dumps the archive, it maps none of its own");
        assertTrue(Files.isRegularFile(archive("factory-client.jsa")), "dumped by the first plan the daemon answered");
        assertFalse(Files.exists(archive("factory.jsa")), "the whole plan's archive is not dumped by a plan the daemon answered");

        Run second = ok(viaDaemon);
        assertEquals("the test daemon's plan\n", second.out());
        assertEquals(archive("factory-client.jsa").toString(), second.opened());
        assertEquals(archive("factory-client.jsa").toString(), ok("apply", "--config", config.toString(), "--state-dir=" + state, "--auto-approve").opened(),
                "a no-op apply the daemon answers too");
        // every option of the CLI's fast path (QuickPlan.parse) keeps the guess; the launcher lists them too
        assertEquals(archive("factory-client.jsa").toString(), ok("plan", "--config=" + config, "--state-dir", state.toString(), "--refresh", "-refresh",
                "--detailed-exitcode", "--no-color", "--target", "container/a", "-target", "image/b", "--exclude=file/c", "-exclude", "repo/d").opened());
        assertEquals(archive("factory-client.jsa").toString(), ok("apply", "--allow-mass-delete", "--parallelism", "4", "--parallelism=2", "--config",
                config.toString(), "--state-dir", state.toString(), "--auto-approve").opened());
        assertEquals(5, asked.get(), "each of the five asked the daemon");

        // a run that needs the whole command line (here --help) dumps and then maps the other archive
        assertTrue(ok("plan", "--config", config.toString(), "--state-dir", state.toString(), "--help").out().contains("Usage:"));
        assertTrue(Files.isRegularFile(archive("factory.jsa")));
        assertTrue(Files.size(archive("factory-client.jsa")) < Files.size(archive("factory.jsa")) / 2,
                "the client's archive is the smaller: " + Files.size(archive("factory-client.jsa")) + " vs " + Files.size(archive("factory.jsa")));
        for (String[] args : List.of(
                new String[] {"plan", "--config", config.toString(), "--state-dir", state.toString(), "--help"},
                new String[] {"plan", "--no-daemon", "--config", config.toString(), "--state-dir", state.toString(), "--help"},
                new String[] {"plan", "--config", config.toString(), "--state-dir", tmp.resolve("no-daemon-here").toString(), "--help"},
                new String[] {"status", "--help"})) {
            assertEquals(archive("factory.jsa").toString(), ok(args).opened(), String.join(" ", args));
        }
        assertEquals(5, asked.get(), "none of those asked the daemon");
    }

    /** A daemon's answer to one case, the exit code it makes, and the command line. */
    private record Case(String why, com.fasterxml.jackson.databind.node.ObjectNode answer, int code, String... args) {}

    @Test
    void withoutAJvmTheSystemsPythonAnswersWhatTheJvmClientAnswers() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "the launcher's client runs in /usr/bin/python3 (.ci/run installs it)");
        Files.createDirectories(tmp.resolve("elsewhere"));
        var nodes = JsonNodeFactory.instance;
        var pending = nodes.objectNode().put("pending", true).put("pid", 77).put("tookMs", 1234)
                .put("text", "\u001b[32m+\u001b[0m container/web \u2014 created \u2713\n  env: FOO=***\n");
        var failed = nodes.objectNode().put("errors", true).put("pending", true).put("text", "\u2717 config: services.yaml:3: bad\n");
        String cfg = config.toString();
        String st = state.toString();
        for (Case c : List.of(
                new Case("a plan", nodes.objectNode(), 0, "plan", "--config", cfg, "--state-dir", st),
                new Case("every option, a relative config", nodes.objectNode(), 0, "plan", "--config=elsewhere/../config/", "--state-dir=" + st,
                        "--refresh", "-refresh", "--no-color", "--target", "container/a", "-target=image/b", "--exclude", "file/c", "-exclude", "repo/d"),
                new Case("changes, --detailed-exitcode", pending, 2, "plan", "--config", cfg, "--state-dir", st, "--detailed-exitcode"),
                new Case("changes", pending, 0, "plan", "--config", cfg, "--state-dir", st),
                new Case("errors", failed, 1, "plan", "--detailed-exitcode", "--config", cfg, "--state-dir", st),
                new Case("a no-op apply", nodes.objectNode(), 0, "apply", "--config", cfg, "--state-dir", st, "--auto-approve", "--parallelism", "4",
                        "--allow-mass-delete"))) {
            answer.set(c.answer());
            requests.clear();
            Run python = run(false, c.args());
            Run jvm = run(true, c.args());
            assertFalse(python.jvm(), c.why() + ": the system's Python answered, no JVM ran: " + python.err());
            assertTrue(jvm.jvm(), c.why());
            assertEquals(c.code(), python.code(), c.why() + ": " + python.err());
            assertEquals(jvm.code(), python.code(), c.why());
            assertEquals(jvm.out(), python.out(), c.why());
            assertTrue(python.err().contains("planned by the running factory daemon"), python.err());
            assertEquals(jvm.err(), python.err(), c.why());
            assertEquals(2, requests.size(), c.why() + ": each asked once");
            assertEquals(requests.get(1), requests.get(0), c.why() + ": the same request");
        }
    }

    @Test
    void aRunThePythonClientDoesNotEndIsPlannedByTheCliWithoutAskingTheDaemonAgain() throws Exception {
        // an apply with changes is not the daemon's to end; nor is a config the daemon does not plan
        answer.set(JsonNodeFactory.instance.objectNode().put("pending", true));
        Path other = Files.createDirectories(tmp.resolve("other-config"));
        for (String[] args : List.of(new String[] {"apply", "--config", config.toString(), "--state-dir", state.toString(), "--auto-approve"},
                new String[] {"plan", "--config", other.toString(), "--state-dir", state.toString()})) {
            asked.set(0);
            Run r = run(false, args);
            assertTrue(r.jvm(), String.join(" ", args));
            assertFalse(r.err().contains("planned by the running factory daemon"), r.err());
            assertTrue(r.err().contains(args[2]), "the CLI loaded the config itself (an empty directory: its error names it): " + r.err());
            assertEquals(1, asked.get(), "asked once, by the Python client: " + String.join(" ", args));
            assertEquals(archive("factory.jsa").toString(), run(false, args).opened(), "a run that plans itself maps the whole plan's archive");
        }
        // an option the fast path does not take: the Python client asks nobody, the CLI goes the whole way
        asked.set(0);
        Run help = run(false, "plan", "--config", config.toString(), "--state-dir", state.toString(), "--help");
        assertTrue(help.out().contains("Usage:"), help.out());
        assertEquals(0, asked.get());
    }

    @Test
    void aSocketNobodyAnswersOnlyCostsTheGuessTheCliPlansItself() throws Exception {
        daemon.close();
        Path left = state.resolve("control/daemon.sock");
        try (var killed = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            killed.bind(java.net.UnixDomainSocketAddress.of(left));
        }   // closed with its file left, as a daemon that was killed leaves it
        daemon = ControlSocket.open(tmp.resolve("unused.sock"), request -> null, line -> { });
        for (boolean jvmClient : new boolean[] {true, false}) {
            Run r = run(jvmClient, "plan", "--config", config.toString(), "--state-dir", state.toString());
            assertFalse(r.err().contains("planned by the running factory daemon"), r.err());
            assertTrue(r.err().contains(config.toString()), "the CLI loaded the config itself (an empty directory: its error names it): " + r.err());
        }
        assertEquals(0, asked.get());
    }

    @Test
    void twoLaunchersFindingTheJarStaleBuildItOnce() throws Exception {
        Path saved = Files.move(root.resolve("reconciler/target/factory.jar"), tmp.resolve("saved.jar"));
        Files.createDirectories(root.resolve("reconciler/src/main"));
        Files.writeString(root.resolve("reconciler/src/main/Changed.java"), "// newer than the jar: there is none\n");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path builds = tmp.resolve("builds");
        // a Maven that takes a while: both launchers are inside their check by the time it is done
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho build >> " + builds + "\nsleep 2\ncp " + saved + " reconciler/target/factory.jar\n");
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        var launchers = new ArrayList<Process>();
        for (int i = 0; i < 2; i++) {
            var pb = new ProcessBuilder(root.resolve("factory").toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("version-" + i).toFile());
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            launchers.add(pb.start());
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(launchers.get(i).waitFor(2, TimeUnit.MINUTES));
            String out = Files.readString(tmp.resolve("version-" + i), StandardCharsets.UTF_8);
            assertEquals(0, launchers.get(i).exitValue(), out);
            assertTrue(out.contains("factory "), out);
        }
        assertEquals(List.of("build"), Files.readAllLines(builds), "the second launcher waited for the first one's build and used its jar");
    }
}
