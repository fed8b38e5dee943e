package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A parse remembered by content: it reads back as what parsing gives, and only for the same bytes, file and parser. */
class ParsedConfigsTest {
    @TempDir
    Path tmp;

    private static final String CONFIG = """
            # every kind of value the reader makes, and keys a pointer must escape
            host: {name: here, stateDir: /var/lib/factory}
            defaults: &defaults
              memory: 512m
              cpus: 1.5
              restart: true
              ports: [8080, 18446744073709551617, -3, 0x1F]
              nothing: null
              empty: ~
            containers:
              web:
                <<: *defaults
                image: "web:latest"
                env: {A: "1", "a/b": two, "t~ilde": three, ünï: "çödé"}
                command:
                  - sh
                  - -c
                  - |
                    echo hello
                    exit 0
              db: *defaults
            """;

    private Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static byte[] digest(Path f) throws Exception {
        return dev.factory.runtime.Sha256.digest().digest(Files.readAllBytes(f));
    }

    /** Reads {@code f} through one load of {@code parsed}, scans it, and saves: what a config load does. */
    private static YamlDocument load(ParsedConfigs parsed, Path f, Diagnostics diagnostics, List<List<CredentialScan.Finding>> findings) {
        var load = parsed.load();
        var doc = YamlReader.read(f, f, diagnostics, d -> { }, null, load).orElse(null);
        if (doc != null) findings.add(load.findings(doc, CredentialScan::findings));
        load.save();
        return doc;
    }

    @Test
    void aRememberedFileReadsBackAsParsingGivesIt() throws Exception {
        Path f = file("factory.yaml", CONFIG);
        var parsed = ParsedConfigs.at(tmp.resolve("cache"), "p".repeat(64));
        var findings = new java.util.ArrayList<List<CredentialScan.Finding>>();
        YamlDocument first = load(parsed, f, new Diagnostics(), findings);
        assertNotNull(parsed.get(f, digest(f)), "a clean parse is remembered");

        var again = parsed.load();
        YamlDocument second = YamlReader.read(f, f, new Diagnostics(), d -> { }, null, again).orElseThrow();
        assertEquals(first, second);   // the tree (node types too: BigIntegerNode, DoubleNode) and every key's and value's position
        assertNotSame(first, second);
        assertEquals(first.root().toString(), second.root().toString());
        assertEquals(first.valueLocation("/containers/web/env/a~1b"), second.valueLocation("/containers/web/env/a~1b"));
        assertEquals(new SourceLocation(f, 14, 19), second.keyLocation("/containers/web/env/a~1b"));
        assertEquals(first.keyAt().size(), second.keyAt().size());
        assertTrue(second.root().at("/defaults/ports/1").isBigInteger());
        assertEquals(findings.get(0), again.findings(second, d -> {
            throw new AssertionError("a remembered file's findings are remembered too");
        }));
    }

    private static void assertNotSame(Object a, Object b) {
        assertFalse(a == b, "read back, not the same object");
    }

    @Test
    void credentialFindingsAreRememberedAndStillReported() throws Exception {
        Path f = file("leak.yaml", "repos:\n  app:\n    url: https://bob:hunter2hunter2@git.example.com/app.git\n");
        var parsed = ParsedConfigs.at(tmp.resolve("cache"), "p".repeat(64));
        var findings = new java.util.ArrayList<List<CredentialScan.Finding>>();
        load(parsed, f, new Diagnostics(), findings);
        assertEquals(1, findings.get(0).size());

        var remembered = parsed.get(f, digest(f));
        assertNotNull(remembered);
        assertEquals(findings.get(0), remembered.findings());
        var d = new Diagnostics();
        CredentialScan.scan(List.of(remembered.document()), d, doc -> remembered.findings());
        assertTrue(d.hasErrors());
        assertEquals(new SourceLocation(f, 3, 10), d.sorted().get(0).location());
    }

    @Test
    void onlyTheSameBytesFileAndParserFindIt() throws Exception {
        Path f = file("factory.yaml", CONFIG);
        var parsed = ParsedConfigs.at(tmp.resolve("cache"), "p".repeat(64));
        load(parsed, f, new Diagnostics(), new java.util.ArrayList<>());
        byte[] digest = digest(f);
        assertNotNull(parsed.get(f, digest));
        assertNull(ParsedConfigs.at(tmp.resolve("cache"), "q".repeat(64)).get(f, digest), "another parser reads again");
        assertNull(parsed.get(tmp.resolve("other.yaml"), digest), "positions name the file: another name is another entry");
        byte[] other = digest.clone();
        other[0] ^= 1;
        assertNull(parsed.get(f, other));
        assertNotEquals(parsed.name(f, digest), parsed.name(f, other));
        assertNull(ParsedConfigs.none().get(f, digest));
        assertNull(ParsedConfigs.at(tmp.resolve("cache"), null).get(f, digest), "no parser identity: nothing remembered");
    }

    @Test
    void whatJsonCannotCarryOrAReadWithFindingsIsNotRemembered() throws Exception {
        var parsed = ParsedConfigs.at(tmp.resolve("cache"), "p".repeat(64));
        Path huge = file("huge.yaml", "a: 1e400\n");   // a float past a double's range: Infinity, which JSON writes as text
        var d0 = new Diagnostics();
        var doc = load(parsed, huge, d0, new java.util.ArrayList<>());
        assertTrue(doc.root().get("a").isDouble() && Double.isInfinite(doc.root().get("a").asDouble()), doc.root()::toString);
        assertNull(parsed.get(huge, digest(huge)), "it would read back as the text \"Infinity\"");

        Path duplicate = file("dup.yaml", "a: 1\na: 2\n");
        var d = new Diagnostics();
        load(parsed, duplicate, d, new java.util.ArrayList<>());
        assertTrue(d.hasErrors());
        assertNull(parsed.get(duplicate, digest(duplicate)), "a read that reported is repeated, reporting again");

        Path empty = file("empty.yaml", "");
        load(parsed, empty, new Diagnostics(), new java.util.ArrayList<>());
        assertNull(parsed.get(empty, digest(empty)));
    }

    @Test
    void aCorruptOrForeignEntryIsNoMemory() throws Exception {
        Path f = file("factory.yaml", CONFIG);
        var parsed = ParsedConfigs.at(tmp.resolve("cache"), "p".repeat(64));
        load(parsed, f, new Diagnostics(), new java.util.ArrayList<>());
        Path entry = tmp.resolve("cache").resolve(parsed.name(f, digest(f)));
        String written = Files.readString(entry);

        for (String bad : List.of(written.substring(0, written.length() / 2), "[]", "{}", written.replace("\"marks\":[", "\"marks\":[1,2,"),
                written.replace(ParsedConfigs.FORMAT, "factory-parsed-config-v0"), written.replace("\"findings\":[]", "\"findings\":{}"),
                written.replaceFirst("\"marks\":\\[[0-9]+,[0-9]+,", "\"marks\":["))) {
            Files.writeString(entry, bad);
            assertNull(parsed.get(f, digest(f)), bad.length() > 80 ? bad.substring(0, 80) : bad);
        }
        Files.delete(entry);
        Files.createSymbolicLink(entry, tmp.resolve("elsewhere.json"));
        Files.writeString(tmp.resolve("elsewhere.json"), written);
        assertNull(parsed.get(f, digest(f)), "an entry is a regular file, never a link");
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws Exception {
        Path f = file("factory.yaml", CONFIG);
        Path dir = tmp.resolve("cache");
        var parsed = ParsedConfigs.at(dir, "p".repeat(64));
        load(parsed, f, new Diagnostics(), new java.util.ArrayList<>());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertNotNull(parsed.get(f, digest(f)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(parsed.get(f, digest(f)), "anyone could have planted it");
    }

    @Test
    void aFileHoldingAResolvedSecretValueIsNeverWritten() throws Exception {
        String secret = "s3cr3t-" + java.util.UUID.randomUUID();
        dev.factory.secrets.Masker.register(secret);
        Path f = file("factory.yaml", "host: {name: \"" + secret + "\"}\n");
        var parsed = ParsedConfigs.at(tmp.resolve("cache"), "p".repeat(64));
        load(parsed, f, new Diagnostics(), new java.util.ArrayList<>());
        assertNull(parsed.get(f, digest(f)));
        try (var entries = Files.list(tmp.resolve("cache"))) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void theOldestEntriesBeyondTheBoundAreDeleted() throws Exception {
        var parsed = ParsedConfigs.at(tmp.resolve("cache"), "p".repeat(64));
        Path first = file("f0.yaml", "n: 0\n");
        load(parsed, first, new Diagnostics(), new java.util.ArrayList<>());
        Path leftOver = Files.writeString(tmp.resolve("cache").resolve("." + parsed.name(first, digest(first)) + ".tmp-1-x"), "{");
        Path inFlight = Files.writeString(tmp.resolve("cache").resolve("." + parsed.name(first, digest(first)) + ".tmp-2-y"), "{");
        Files.setLastModifiedTime(leftOver, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        Files.setLastModifiedTime(tmp.resolve("cache").resolve(parsed.name(first, digest(first))),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        for (int i = 1; i <= ParsedConfigs.MAX_ENTRIES; i++) {
            Path f = file("f" + i + ".yaml", "n: " + i + "\n");
            load(parsed, f, new Diagnostics(), new java.util.ArrayList<>());
        }
        try (var entries = Files.list(tmp.resolve("cache"))) {
            assertEquals(ParsedConfigs.MAX_ENTRIES, entries.filter(p -> p.toString().endsWith(".json")).count());
        }
        assertFalse(Files.exists(leftOver), "a killed writer's temp file goes");
        assertTrue(Files.exists(inFlight), "a young one may be another writer's");
        assertNull(parsed.get(first, digest(first)), "the oldest went");
        Path last = tmp.resolve("f" + ParsedConfigs.MAX_ENTRIES + ".yaml");
        assertNotNull(parsed.get(last, digest(last)));
    }

    @Test
    void theParserDigestFollowsTheParserClassesAndTheBuildWroteIt() throws Exception {
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes.resolve("dev/factory/config"));
        Files.createDirectories(classes.resolve("dev/factory/secrets"));
        Files.write(classes.resolve("dev/factory/config/YamlReader.class"), new byte[] {1, 2, 3});
        Files.write(classes.resolve("dev/factory/config/YamlReader$Kept.class"), new byte[] {4});
        Files.write(classes.resolve("dev/factory/config/Unrelated.class"), new byte[] {5});
        String before = ParsedConfigs.computeParserDigest(classes);
        Files.write(classes.resolve("dev/factory/config/Unrelated.class"), new byte[] {6});
        assertEquals(before, ParsedConfigs.computeParserDigest(classes), "a class that does not parse does not count");
        Files.write(classes.resolve("dev/factory/config/YamlReader$Kept.class"), new byte[] {7});
        assertNotEquals(before, ParsedConfigs.computeParserDigest(classes));
        String nested = ParsedConfigs.computeParserDigest(classes);
        Files.write(classes.resolve("dev/factory/secrets/SecretRef.class"), new byte[] {8});
        assertNotEquals(nested, ParsedConfigs.computeParserDigest(classes));

        String shipped = ParsedConfigs.parserDigest();
        assertNotNull(shipped, "the build writes it (process-classes)");
        assertEquals(ParsedConfigs.computeParserDigest(Path.of(ParsedConfigs.class.getProtectionDomain().getCodeSource().getLocation().toURI())),
                shipped, "it is the classes' own");
    }

    /** The loads' outcomes as people see them: the sections read, or the findings. */
    private static String seen(ConfigLoader.Result r) {
        return (r.ok() ? r.desired().declared().values().stream().flatMap(List::stream).map(d -> d.kind() + "/" + d.name() + "=" + d.spec()
                + "@" + d.at()).toList() : "not ok") + " " + r.diagnostics().stream().map(d -> d + " " + d.location()).toList();
    }

    @Test
    void aLoaderReadingRememberedFilesAnswersAsOneParsingThem() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        var cache = tmp.resolve("cache");
        var plain = new ConfigLoader(dev.factory.app.Registry.sections(), ConfigGit.NONE);
        java.util.function.Supplier<ConfigLoader> process = () -> new ConfigLoader(dev.factory.app.Registry.sections(), ConfigGit.NONE,
                SchemaVerdicts.none(), ParsedConfigs.at(cache, "p".repeat(64)));
        for (String text : List.of("volumes:\n  data: {}\n  logs: {driver: local}\n",
                "volumes:\n  data: {}\n  data2: {driver: 12}\n",   // a schema finding
                "repos:\n  app:\n    url: https://bob:hunter2hunter2@git.example.com/app.git\n    path: /srv/app\n")) {   // a credential
            Files.writeString(config.resolve("factory.yaml"), text);
            String expected = seen(plain.load(config));
            assertEquals(expected, seen(process.get().load(config)), "first: parsed and remembered");
            assertEquals(expected, seen(process.get().load(config)), "then: read back");
            assertEquals(expected, seen(process.get().keepingParsedFiles().load(config)), "a daemon's loader, from the memory");
        }
        try (var entries = Files.list(cache)) {
            assertEquals(2, entries.count(), "a load the schema stopped did not scan its file: not remembered (it is being edited)");
        }
    }
}
