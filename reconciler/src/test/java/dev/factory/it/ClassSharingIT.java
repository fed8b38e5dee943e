package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar's classes can be archived by class data sharing, as the launcher's archive needs
 * them to be: picocli's published classes (class version 49) cannot, so the build compiles its
 * sources jar for Java 17 and leaves the published jar's classes out.
 */
class ClassSharingIT {
    private static final Path JAR = Path.of(System.getProperty("factory.jar", "target/factory.jar"));

    @TempDir
    Path tmp;

    @Test
    void picocliInTheJarIsCompiledForThisJdk() throws Exception {
        try (var zip = new ZipFile(JAR.toFile())) {
            var entry = zip.getEntry("picocli/CommandLine.class");
            byte[] head;
            try (var in = zip.getInputStream(entry)) {
                head = in.readNBytes(8);
            }
            assertEquals(61, ((head[6] & 0xff) << 8) | (head[7] & 0xff), "class file major version of picocli/CommandLine");
        }
    }

    @Test
    void aDumpOfTheArchiveSkipsNoClassOfPicocli() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = tmp.resolve("dump.log");
        var p = new ProcessBuilder(List.of(java, "-XX:ArchiveClassesAtExit=" + tmp.resolve("f.jsa"), "-Xlog:cds=warning:stderr",
                "-jar", JAR.toString(), "status", "--help")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.size(tmp.resolve("f.jsa")) > 0, out);
        assertTrue(out.lines().noneMatch(l -> l.contains("[cds]") && l.contains("picocli/")),
                "a picocli class the archive refused:\n" + out);
    }
}
