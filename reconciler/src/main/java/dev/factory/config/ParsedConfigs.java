package dev.factory.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config files parsed before, remembered by content: a file whose bytes are those of one this
 * very parser read cleanly before is not parsed again, its document (the JSON tree and the
 * position of every key and value) and its credential-scan findings are read back instead. On a
 * cold plan, snakeyaml-engine reading a 75 KB config was a fifth of the JVM's own work.
 *
 * <p>An entry is named by the digest of its format, the parser's identity (a digest the build
 * takes of the classes that read YAML, scan it and locate it, and of the library jars they use:
 * {@link #PARSER_DIGEST}), the file's name as diagnostics print it, and the digest of its bytes;
 * it holds all four and is used only when each is the same. Only a file read without a finding is
 * remembered, and only when what was written reads back equal to what was parsed (a value JSON
 * cannot carry as YAML gave it, such as {@code .nan}, is never remembered), so an entry can only
 * ever give what parsing gives. Nothing holding a secret value factory resolved is written.
 *
 * <p>Kept beside the schema verdicts, in a directory only the invoking user can write
 * ({@link PrivateCacheDir}): {@code $XDG_CACHE_HOME/factory/parsed-config}, else
 * {@code ~/.cache/factory/parsed-config}; the oldest entries beyond {@link #MAX_ENTRIES} are
 * deleted. A missing, unreadable or foreign entry only costs the parse.
 */
public final class ParsedConfigs {
    static final String FORMAT = "factory-parsed-config-v1";
    /** The resource the build writes: the parser's identity ({@link #computeParserDigest}). */
    public static final String PARSER_DIGEST = "parser.sha256";
    static final int MAX_ENTRIES = 256;
    /** Bigger is not an entry factory wrote for a config file (those are at most 16 MB of YAML; this bounds a read). */
    static final long MAX_BYTES = 64L << 20;
    private static final String SUFFIX = ".json";
    /** Integers as the YAML reader makes them ({@code BigIntegerNode}), so a tree reads back equal. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final Path dir;
    private final String parser;

    private ParsedConfigs(Path dir, String parser) {
        this.dir = dir;
        this.parser = parser;
    }

    /** Remembers nothing: every file is parsed. */
    public static ParsedConfigs none() {
        return new ParsedConfigs(null, null);
    }

    /** Entries under {@code dir} for the parser whose identity is {@code parser} (none when it is null). */
    public static ParsedConfigs at(Path dir, String parser) {
        return new ParsedConfigs(dir, parser);
    }

    /** The parser's identity the build wrote into the jar; null when it did not (then nothing is remembered). */
    public static String parserDigest() {
        try (InputStream in = ParsedConfigs.class.getResourceAsStream(PARSER_DIGEST)) {
            if (in == null) return null;
            String text = new String(in.readNBytes(200), StandardCharsets.US_ASCII).strip();
            return text.matches("[0-9a-f]{64}") ? text : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The build's digest of what decides a parse: every class file below {@code classes} whose
     * name starts with one of the parser's class names, and the names of the jars holding
     * snakeyaml-engine and Jackson (their versions).
     */
    public static String computeParserDigest(Path classes) throws IOException {
        var names = new java.util.TreeSet<String>();
        String[] prefixes = {"dev/factory/config/YamlReader", "dev/factory/config/YamlLimits", "dev/factory/config/YamlDocument",
                "dev/factory/config/SourceLocation", "dev/factory/config/CredentialScan", "dev/factory/config/SecretScanner",
                "dev/factory/config/ParsedConfigs", "dev/factory/secrets/SecretRef"};
        try (var walk = Files.walk(classes)) {
            walk.filter(Files::isRegularFile).map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".class") && java.util.Arrays.stream(prefixes).anyMatch(n::startsWith)).forEach(names::add);
        }
        if (names.isEmpty()) throw new IOException("no parser classes below " + classes);
        MessageDigest md = dev.factory.runtime.Sha256.digest();
        for (String name : names) {
            add(md, name.getBytes(StandardCharsets.UTF_8));
            add(md, Files.readAllBytes(classes.resolve(name)));
        }
        for (Class<?> library : new Class<?>[] {org.snakeyaml.engine.v2.api.LoadSettings.class, ObjectMapper.class, JsonParser.class}) {
            var source = library.getProtectionDomain().getCodeSource();
            add(md, String.valueOf(source == null ? library.getName() : Path.of(source.getLocation().getPath()).getFileName()).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void add(MessageDigest md, byte[] bytes) {
        md.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        md.update(bytes);
    }

    /** One remembered file: its document and its credential-scan findings. */
    record Parsed(YamlDocument document, List<CredentialScan.Finding> findings) {}

    /** One load's use of the memory: what it found, and the files it parsed, written back by {@link #save}. */
    Load load() {
        return new Load();
    }

    final class Load {
        private final Map<YamlDocument, List<CredentialScan.Finding>> found = new IdentityHashMap<>();
        private final Map<YamlDocument, byte[]> parsed = new IdentityHashMap<>();
        private final Map<YamlDocument, List<CredentialScan.Finding>> scanned = new IdentityHashMap<>();

        /** The document remembered for these bytes of this file, or null. */
        YamlDocument lookup(Path displayName, byte[] bytesDigest) {
            Parsed p = get(displayName, bytesDigest);
            if (p == null) return null;
            found.put(p.document(), p.findings());
            return p.document();
        }

        /** A document this load parsed, without a finding, from bytes with this digest: written back once scanned. */
        void parsed(YamlDocument document, byte[] bytesDigest) {
            parsed.put(document, bytesDigest.clone());
        }

        /** The document's findings: remembered, else computed by {@code scan} (and kept for {@link #save}). */
        List<CredentialScan.Finding> findings(YamlDocument document, java.util.function.Function<YamlDocument, List<CredentialScan.Finding>> scan) {
            var known = found.get(document);
            if (known != null) return known;
            var computed = scan.apply(document);
            if (parsed.containsKey(document)) scanned.put(document, computed);
            return computed;
        }

        /** Remembers each document this load parsed and scanned. */
        void save() {
            scanned.forEach((document, findings) -> put(document.file(), parsed.get(document), document, findings));
        }
    }

    /** What was remembered for {@code bytesDigest} of {@code displayName}, or null. */
    Parsed get(Path displayName, byte[] bytesDigest) {
        Path d = dir == null || parser == null ? null : PrivateCacheDir.usable(dir, false);
        if (d == null) return null;
        Path file = d.resolve(name(displayName, bytesDigest));
        try {
            var attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || attrs.size() > MAX_BYTES) return null;
            byte[] bytes;
            try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            return bytes.length > MAX_BYTES ? null : read(bytes, parser, displayName, bytesDigest);
        } catch (IOException | RuntimeException e) {
            return null;   // none yet, unreadable, or not ours: parse
        }
    }

    /** Remembers a clean parse; a memory that cannot be written costs only the next parse. */
    void put(Path displayName, byte[] bytesDigest, YamlDocument document, List<CredentialScan.Finding> findings) {
        Path d = dir == null || parser == null ? null : PrivateCacheDir.usable(dir, true);
        if (d == null) return;
        try {
            byte[] entry = write(parser, displayName, bytesDigest, document, findings);
            if (entry == null || !new Parsed(document, findings).equals(read(entry, parser, displayName, bytesDigest))) return;
            if (!java.util.Arrays.equals(dev.factory.secrets.Masker.mask(entry), entry)) return;   // never a secret value on disk
            // a fresh name created new, never through a link, then renamed over: a reader sees a whole entry or none
            Path target = d.resolve(name(displayName, bytesDigest));
            Path tmp = d.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID());
            try {
                Files.write(tmp, entry, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            evict(d);
        } catch (IOException | RuntimeException e) {
            // a read-only or full home, a race with another run: nothing is wrong
        }
    }

    /** Deletes the oldest entries beyond {@link #MAX_ENTRIES}, and temp files a killed writer left (over a minute old). */
    private static void evict(Path d) throws IOException {
        var entries = new ArrayList<Map.Entry<Path, Long>>();
        long abandoned = System.currentTimeMillis() - 60_000;
        try (var list = Files.newDirectoryStream(d)) {
            for (Path p : list) {
                String name = p.getFileName().toString();
                var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                long modified = attrs.lastModifiedTime().toMillis();
                if (name.startsWith(".") && name.contains(SUFFIX + ".tmp-") && !attrs.isDirectory() && modified < abandoned) Files.deleteIfExists(p);
                else if (name.endsWith(SUFFIX) && attrs.isRegularFile()) entries.add(Map.entry(p, modified));
            }
        }
        if (entries.size() <= MAX_ENTRIES) return;
        entries.sort(Map.Entry.comparingByValue());
        for (int i = 0; i < entries.size() - MAX_ENTRIES; i++) Files.deleteIfExists(entries.get(i).getKey());
    }

    String name(Path displayName, byte[] bytesDigest) {
        MessageDigest md = dev.factory.runtime.Sha256.digest();
        add(md, FORMAT.getBytes(StandardCharsets.UTF_8));
        add(md, parser.getBytes(StandardCharsets.UTF_8));
        add(md, displayName.toString().getBytes(StandardCharsets.UTF_8));
        add(md, bytesDigest);
        return HexFormat.of().formatHex(md.digest()) + SUFFIX;
    }

    /**
     * The entry's bytes: the four names, the tree, then each position as the YAML reader located it
     * (line and column, in the order {@link #locate} walks the tree), then the findings. Null when a
     * position the walk asks for is not there.
     */
    static byte[] write(String parser, Path displayName, byte[] bytesDigest, YamlDocument document, List<CredentialScan.Finding> findings)
            throws IOException {
        var marks = new ArrayList<SourceLocation>();
        int[] counts = new int[2];
        if (!marks(document.root(), "", document, marks, counts) || counts[0] != document.valueAt().size() || counts[1] != document.keyAt().size()) {
            return null;   // a position not located by the walk: not remembered
        }
        var out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("parser", parser);
            g.writeStringField("file", displayName.toString());
            g.writeStringField("bytes", HexFormat.of().formatHex(bytesDigest));
            g.writeFieldName("root");
            JSON.writeTree(g, document.root());
            g.writeArrayFieldStart("marks");
            for (SourceLocation at : marks) {
                g.writeNumber(at.line());
                g.writeNumber(at.column());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("findings");
            for (CredentialScan.Finding f : findings) {
                g.writeStartObject();
                g.writeStringField("file", f.at().file().toString());
                g.writeNumberField("line", f.at().line());
                g.writeNumberField("column", f.at().column());
                g.writeStringField("path", f.path());
                g.writeStringField("problem", f.problem());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Each value's position, then for an object each key's before its value's; false when one is missing. */
    private static boolean marks(JsonNode node, String pointer, YamlDocument document, List<SourceLocation> out, int[] counts) {
        var at = document.valueAt().get(pointer);
        if (at == null || !at.file().equals(document.file())) return false;
        out.add(at);
        counts[0]++;
        if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String child = YamlDocument.pointer(pointer, e.getKey());
                var key = document.keyAt().get(child);
                if (key == null || !key.file().equals(document.file())) return false;
                out.add(key);
                counts[1]++;
                if (!marks(e.getValue(), child, document, out, counts)) return false;
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!marks(node.get(i), pointer + "/" + i, document, out, counts)) return false;
            }
        }
        return true;
    }

    /** What {@link #write} wrote for these four names; null for anything else. */
    static Parsed read(byte[] entry, String parser, Path displayName, byte[] bytesDigest) throws IOException {
        String format = null, writtenParser = null, file = null, bytes = null;
        JsonNode root = null;
        int[] marks = null;
        int markCount = 0;
        List<CredentialScan.Finding> findings = null;
        try (JsonParser p = JSON.getFactory().createParser(entry)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "format" -> format = p.getValueAsString();
                    case "parser" -> writtenParser = p.getValueAsString();
                    case "file" -> file = p.getValueAsString();
                    case "bytes" -> bytes = p.getValueAsString();
                    case "root" -> root = JSON.readTree(p);
                    case "marks" -> {
                        if (value != JsonToken.START_ARRAY) return null;
                        marks = new int[1024];
                        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                            if (markCount == marks.length) marks = java.util.Arrays.copyOf(marks, marks.length * 2);
                            marks[markCount++] = p.getIntValue();
                        }
                        if (p.currentToken() != JsonToken.END_ARRAY) return null;
                    }
                    case "findings" -> findings = findings(JSON.readTree(p));
                    default -> p.skipChildren();
                }
            }
        }
        if (!FORMAT.equals(format) || !parser.equals(writtenParser) || !displayName.toString().equals(file)
                || !HexFormat.of().formatHex(bytesDigest).equals(bytes) || root == null || marks == null || findings == null) {
            return null;
        }
        var valueAt = new HashMap<String, SourceLocation>();
        var keyAt = new HashMap<String, SourceLocation>();
        int[] at = {0};
        if (!locate(root, "", displayName, marks, markCount, at, valueAt, keyAt) || at[0] != markCount) return null;
        return new Parsed(new YamlDocument(displayName, root, Map.copyOf(valueAt), Map.copyOf(keyAt)), findings);
    }

    /** {@link #marks} backwards: the positions in the walk's order, back into the two maps. */
    private static boolean locate(JsonNode node, String pointer, Path file, int[] marks, int count, int[] at,
                                  Map<String, SourceLocation> valueAt, Map<String, SourceLocation> keyAt) {
        if (at[0] + 2 > count) return false;
        valueAt.put(pointer, new SourceLocation(file, marks[at[0]], marks[at[0] + 1]));
        at[0] += 2;
        if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String child = YamlDocument.pointer(pointer, e.getKey());
                if (at[0] + 2 > count) return false;
                keyAt.put(child, new SourceLocation(file, marks[at[0]], marks[at[0] + 1]));
                at[0] += 2;
                if (!locate(e.getValue(), child, file, marks, count, at, valueAt, keyAt)) return false;
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!locate(node.get(i), pointer + "/" + i, file, marks, count, at, valueAt, keyAt)) return false;
            }
        }
        return true;
    }

    private static List<CredentialScan.Finding> findings(JsonNode n) {
        if (!n.isArray()) return null;
        var out = new ArrayList<CredentialScan.Finding>();
        for (JsonNode f : n) {
            if (!f.path("file").isTextual() || !f.path("line").isIntegralNumber() || !f.path("column").isIntegralNumber()
                    || !f.path("path").isTextual() || !f.path("problem").isTextual()) {
                return null;
            }
            out.add(new CredentialScan.Finding(new SourceLocation(Path.of(f.get("file").asText()), f.get("line").asInt(), f.get("column").asInt()),
                    f.get("path").asText(), f.get("problem").asText()));
        }
        return List.copyOf(out);
    }
}
