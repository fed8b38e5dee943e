package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.factory.testing.Await;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift report on the real engine: corrective versus intentional, retention, jobs, and the HTML page in Chromium. */
@RequiresDocker
class DriftIT {
    @TempDir
    Path tmp;

    private String p;
    private Path config;

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = tmp.resolve("config");
        Path box = TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        Files.writeString(box.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
        writeConfig("one");
    }

    @AfterEach
    void tearDown() {
        DockerCli.removeEverythingOwned(p);
    }

    private void writeConfig(String flavour) throws IOException {
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "profiles:\n  worker:\n    image: " + p + "-box\n    network: none\n    env: {FLAVOUR: " + flavour + "}\n"
                + "services:\n  " + p + "-svc:\n    profile: worker\n    command: [sleep, \"3600\"]\n"
                + "jobs:\n  ok: {schedule: 1h, profile: worker, command: [sh, -c, \"echo all good\"]}\n"
                + "  broken: {schedule: 1h, profile: worker, command: [sh, -c, \"echo oops; exit 3\"], failAfter: 2}\n"
                + "schedule:\n  drift: {keep: 2, doctor: false}\n");
    }

    private JsonNode drift() throws IOException {
        var run = Cli.run("drift", "--config", config.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.all());
        JsonNode report = new ObjectMapper().readTree(run.out());
        try (InputStream in = DriftIT.class.getResourceAsStream("/schema/drift.schema.json")) {
            var errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(new ObjectMapper().readTree(in)).validate(report);
            assertTrue(errors.isEmpty(), errors + "\n" + run.out());
        }
        return report;
    }

    private static JsonNode change(JsonNode report, String address) {
        for (JsonNode c : report.path("changes")) if (c.path("address").asText().equals(address)) return c;
        throw new AssertionError(address + " not in " + report.path("changes"));
    }

    @Test
    void aHandRemovedContainerIsCorrectiveAndAConfigChangeIntentional() throws Exception {
        assertEquals(0, Cli.run("apply", "--config", config.toString(), "--auto-approve").exitCode());
        assertEquals(0, drift().at("/summary/corrective").asInt() + drift().at("/summary/intentional").asInt(), "no drift right after apply");

        DockerCli.ok("rm", "-f", p + "-svc-1");
        var corrective = change(drift(), "container/" + p + "-svc-1");
        assertEquals("corrective", corrective.path("kind").asText(), corrective.toString());
        assertTrue(corrective.path("since").asText().startsWith("since the last apply at"), corrective.toString());

        assertEquals(0, Cli.run("apply", "--config", config.toString(), "--auto-approve").exitCode());
        writeConfig("two");
        var intentional = change(drift(), "container/" + p + "-svc-1");
        assertEquals("intentional", intentional.path("kind").asText(), intentional.toString());
        assertEquals("replace", intentional.path("action").asText());

        assertEquals(0, Cli.run("job", "ok", "--config", config.toString()).exitCode());
        assertEquals(1, Cli.run("job", "broken", "--config", config.toString()).exitCode());
        assertEquals(1, Cli.run("job", "broken", "--config", config.toString()).exitCode());
        var report = drift();
        for (JsonNode j : report.path("jobs")) {
            if (j.path("name").asText().equals("ok")) assertEquals(0, j.path("lastExitCode").asInt());
            if (j.path("name").asText().equals("broken")) assertTrue(j.path("failing").asBoolean() && j.path("consecutiveFailures").asInt() == 2, j.toString());
        }
        var status = new ObjectMapper().readTree(Cli.run("status", "--config", config.toString(), "--json").out());
        assertTrue(status.path("jobs").toString().contains("\"failing\":true"), status.toString());
        assertTrue(Files.readString(tmp.resolve("state/jobs/broken.json")).contains("oops"), "the log tail is recorded");

        Path out = tmp.resolve("reports");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, Cli.run("drift", "--config", config.toString(), "--out-dir", out.toString()).exitCode());
            Await.nextSecond();   // report names are stamped to the second
        }
        try (var files = Files.list(out)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(6, names.size(), "keep: 2 of each format: " + names);
        }
        screenshot(Files.list(out).filter(f -> f.toString().endsWith(".html")).findFirst().orElseThrow());
    }

    @Test
    void aHandEditIsCorrectiveDatedByItsFirstReportAndADeclarationChangeNamesItsCommit() throws Exception {
        Path notes = tmp.resolve("notes.txt");
        Files.writeString(config.resolve("files.yaml"), "files:\n  notes: {path: " + notes + ", content: \"kept by factory\\n\"}\n");
        try (var git = org.eclipse.jgit.api.Git.init().setDirectory(config.toFile()).setInitialBranch("main").call()) {
            var initial = commit(git, "Initial config");
            assertEquals(0, Cli.run("apply", "--config", config.toString(), "--auto-approve").exitCode());
            var status = Cli.run("status", "--config", config.toString());
            assertEquals(0, status.exitCode(), status.all());
            assertTrue(status.out().contains("lock: free\n"), status.out());
            assertTrue(status.out().matches("(?s).*last apply: \\d+ \\w+ \\d{4}, \\d\\d:\\d\\d UTC, config " + initial.substring(0, 12) + " \\(Initial config\\)\n.*"), status.out());
            assertTrue(status.out().matches("(?s).*\n  container\n    container/" + p + "-svc-1 +running .*"), status.out());
            assertTrue(status.out().matches("(?s).*\n  file\n    file/notes +recorded .*"), status.out());
            DockerCli.ok("stop", p + "-svc-1");
            assertTrue(Cli.run("status", "--config", config.toString()).out().matches("(?s).*container/" + p + "-svc-1 +exited .*"), "health is live");
            assertEquals(0, Cli.run("apply", "--config", config.toString(), "--auto-approve").exitCode());
            Files.writeString(notes, "edited by hand\n");

            Path reports = tmp.resolve("reports");
            var first = report(reports);
            var edit = change(first, "file/notes");
            assertEquals("corrective", edit.path("kind").asText(), edit.toString());
            assertTrue(edit.path("since").asText().startsWith("since the last apply at"), edit.toString());
            assertTrue(edit.path("diff").asText().contains("-edited by hand") && edit.path("diff").asText().contains("+kept by factory"), edit.toString());
            Await.nextSecond();
            var second = change(report(reports), "file/notes");
            assertEquals("corrective", second.path("kind").asText());
            assertEquals("first seen by the report of " + first.path("at").asText(), second.path("since").asText(), "dated by the first report that saw it");

            writeConfig("two");
            var flavour = commit(git, "Flavour two");
            Files.writeString(config.resolve("volumes.yaml"), "volumes:\n  " + p + "-scratch: {}\n");
            var unrelated = commit(git, "Add a scratch volume");
            Await.nextSecond();
            var third = report(reports);
            var svc = change(third, "container/" + p + "-svc-1");
            assertEquals("intentional", svc.path("kind").asText(), svc.toString());
            assertEquals("since config commit " + flavour.substring(0, 12) + " (Flavour two)", svc.path("since").asText(), "not HEAD (" + unrelated + ")");
            var volume = change(third, "volume/" + p + "-scratch");
            assertEquals("since config commit " + unrelated.substring(0, 12) + " (Add a scratch volume)", volume.path("since").asText());
            assertEquals("corrective", change(third, "file/notes").path("kind").asText(), "the config change left the hand edit corrective");
            assertTrue(!initial.equals(flavour));

            Path html;
            try (var files = Files.list(reports)) {
                html = files.filter(f -> f.toString().endsWith(".html")).max(java.util.Comparator.naturalOrder()).orElseThrow();
            }
            String page = Files.readString(html);
            assertEquals(3, page.split("<svg ", -1).length - 1, "disk, drift and jobs trends");
            Path png = screenshot(html);
            if (png != null) {
                var image = javax.imageio.ImageIO.read(png.toFile());
                assertEquals(1280, image.getWidth());
                assertTrue(pixels(image, 0x15, 0x65, 0xc0) > 100, "the disk and intentional lines are drawn (blue pixels)");
                assertTrue(pixels(image, 0xc6, 0x28, 0x28) > 100, "the corrective and failing lines are drawn (red pixels)");
            }
        }
    }

    private JsonNode report(Path dir) throws IOException {
        var run = Cli.run("drift", "--config", config.toString(), "--out-dir", dir.toString());
        assertEquals(0, run.exitCode(), run.all());
        try (var files = Files.list(dir)) {
            Path newest = files.filter(f -> f.toString().endsWith(".json")).max(java.util.Comparator.naturalOrder()).orElseThrow();
            return new ObjectMapper().readTree(newest.toFile());
        }
    }

    private static String commit(org.eclipse.jgit.api.Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid").setSign(false).call().getName();
    }

    /** How many pixels are within a small distance of one colour. */
    private static int pixels(java.awt.image.BufferedImage image, int r, int g, int b) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs((rgb >> 16 & 0xff) - r) + Math.abs((rgb >> 8 & 0xff) - g) + Math.abs((rgb & 0xff) - b) < 40) n++;
            }
        }
        return n;
    }

    /** Headless Chromium (Debian's) renders the page 1280 px wide; the screenshot is kept under target/. Null without Chromium outside CI. */
    private static Path screenshot(Path html) throws Exception {
        String chromium = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : null;
        if (chromium == null) {
            if ("1".equals(System.getenv("FACTORY_REQUIRE_DOCKER"))) throw new IllegalStateException("chromium is missing: apt-get install -y chromium");
            return null;
        }
        String page = Files.readString(html);
        assertTrue(!page.contains("http://") && !page.contains("https://") && !page.contains("<script"), "self-contained, no external assets");
        Path png = Path.of("target", html.getFileName().toString().replace(".html", ".png")).toAbsolutePath();
        Files.deleteIfExists(png);
        var cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"), "--window-size=1280,2400", "--hide-scrollbars",
                "--screenshot=" + png, html.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.exists(png) && Files.size(png) > 10_000, "a rendered screenshot at " + png);
        return png;
    }
}
