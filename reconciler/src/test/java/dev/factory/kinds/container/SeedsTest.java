package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's seed files: read and checked at load, copied as one file owned by the profile's user. */
class SeedsTest {
    @TempDir
    Path tmp;

    private ConfigLoader.Result load(String seed) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), "profiles: {p: {image: busybox:latest}}\nservices:\n  s:\n    profile: p\n    seed:\n" + seed);
        return dev.factory.app.Registry.configLoader().load(tmp);
    }

    private static List<String> errors(ConfigLoader.Result r) {
        return r.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).map(Diagnostic::summary).toList();
    }

    @Test
    void seedsAreReadFromTheImageOrTheConfigRepo() throws IOException {
        Files.writeString(tmp.resolve("notes.md"), "n\n");
        var r = load("      - {path: /workspace/AGENTS.md, from: /opt/AGENTS.md.template}\n      - {path: /workspace/NOTES.md, file: notes.md}\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        var seeds = ContainerSection.services(r.desired()).get("s").seeds();
        assertEquals(List.of(new SeedSpec("/workspace/AGENTS.md", "/opt/AGENTS.md.template", null),
                new SeedSpec("/workspace/NOTES.md", null, tmp.resolve("notes.md"))), seeds);
        assertEquals("the image's /opt/AGENTS.md.template", seeds.get(0).source());
        assertEquals(seeds, ContainerSection.containers(r.desired()).get("s-1").seeds());
    }

    @Test
    void whatCannotBeSeededIsRefused() throws IOException {
        assertTrue(errors(load("      - {path: /w/a.md, file: missing.md}\n")).stream().anyMatch(e -> e.contains("is not a regular file of the config repo")));
        Files.createSymbolicLink(tmp.resolve("link.md"), Path.of("/etc/hostname"));
        assertTrue(errors(load("      - {path: /w/a.md, file: link.md}\n")).stream().anyMatch(e -> e.contains("is not a regular file")), "a link is not followed");
        Files.writeString(tmp.resolve("n.md"), "n");
        assertTrue(errors(load("      - {path: /w/a.md, file: n.md}\n      - {path: /w/a.md, from: /x}\n")).contains("two seeds share the path /w/a.md"));
        for (String bad : List.of("{path: w/a.md, from: /x}", "{path: /w/, from: /x}", "{path: /w/a.md}", "{path: /w/a.md, from: /x, file: n.md}",
                "{path: /w/a.md, from: x}")) {
            assertFalse(load("      - " + bad + "\n").ok(), bad);
        }
    }

    @Test
    void theOwnerIsTheProfilesNumericUser() {
        assertArrayEquals(new int[] {1000, 1000}, Seeds.owner("1000:1000"));
        assertArrayEquals(new int[] {1000, 1000}, Seeds.owner("1000"));
        assertArrayEquals(new int[] {1001, 50}, Seeds.owner("1001:50"));
        assertArrayEquals(new int[] {0, 0}, Seeds.owner("agent"));
        assertArrayEquals(new int[] {1000, 1000}, Seeds.owner("1000:staff"));
        assertArrayEquals(new int[] {0, 0}, Seeds.owner(null));
    }

    @Test
    void aSeedIsOneRegularFileWithItsContentAndOwner() throws IOException {
        byte[] tar = Seeds.tar("AGENTS.md", "# t\n".getBytes(), 1000, 1001);
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            var entry = in.getNextEntry();
            assertEquals("AGENTS.md", entry.getName());
            assertTrue(entry.isFile());
            assertEquals(0644, entry.getMode() & 07777);
            assertEquals(1000, entry.getLongUserId());
            assertEquals(1001, entry.getLongGroupId());
            assertEquals("# t\n", new String(in.readAllBytes()));
            assertEquals(null, in.getNextEntry());
        }
    }

    @Test
    void aProfilesSeedsComeFirstAndAServicesOwnReplacesOneAtTheSamePath() throws IOException {
        Files.writeString(tmp.resolve("a.md"), "a\n");
        Files.writeString(tmp.resolve("f.yaml"), """
                profiles:
                  p:
                    image: busybox:latest
                    seed: [{path: /w/AGENTS.md, file: a.md}, {path: /w/PROFILE.md, from: /etc/profile.md}]
                services:
                  s:
                    profile: p
                    seed: [{path: /w/AGENTS.md, from: /opt/template.md}, {path: /w/OWN.md, file: a.md}]
                  plain: {profile: p}
                """);
        var r = dev.factory.app.Registry.configLoader().load(tmp);
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(List.of(new SeedSpec("/w/AGENTS.md", "/opt/template.md", null), new SeedSpec("/w/PROFILE.md", "/etc/profile.md", null),
                new SeedSpec("/w/OWN.md", null, tmp.resolve("a.md"))), ContainerSection.containers(r.desired()).get("s-1").seeds());
        assertEquals(ContainerSection.profiles(r.desired()).get("p").seeds(), ContainerSection.containers(r.desired()).get("plain-1").seeds());
        assertEquals(2, ContainerSection.profiles(r.desired()).get("p").seeds().size());
        assertEquals(List.of(), ContainerSection.profiles(r.desired()).get("p").withSeeds(List.of()).seeds());
    }
}
