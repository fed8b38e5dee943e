package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML file into a {@link YamlDocument}. Uses the node tree ({@code Compose}), not
 * {@code Load}, to keep every position; duplicate keys are therefore checked here, by hand.
 */
public final class YamlReader {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Deeper than any real config; bounds recursion here and in every walker after this one. */
    static final int MAX_DEPTH = 64;
    /** Values after alias expansion; a config has a few thousand, a "billion laughs" file has billions. */
    static final int MAX_NODES = 200_000;
    /** Far above any real config (the 1,000-object bench config is ~200 KB), and still read in a second. */
    static final int MAX_FILE_BYTES = 16 << 20;

    /** Why a document was refused while converting it; reported once, at the node where it happened. */
    private static final class Refused extends RuntimeException {
        final SourceLocation at;

        Refused(SourceLocation at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    /** Bounds on one conversion: nesting, total values, and anchors that contain themselves. */
    private static final class Budget {
        int nodes;
        final java.util.Set<Node> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    }

    private YamlReader() {}

    public static Optional<YamlDocument> read(Path file, Path displayName, Diagnostics diagnostics) {
        return read(file, displayName, diagnostics, digest -> { }, null, null);
    }

    /**
     * As above, handing {@code readDigest} the SHA-256 of the exact bytes parsed (the schema
     * verdict's key), reusing the document {@code kept} holds for these exact bytes at this path
     * (read every time: only the parse and the digest are saved), else the one {@code parsed}
     * remembers for these bytes, and keeping a document read without a finding in both.
     */
    static Optional<YamlDocument> read(Path file, Path displayName, Diagnostics diagnostics, java.util.function.Consumer<byte[]> readDigest,
                                       Kept kept, ParsedConfigs.Load parsed) {
        byte[] bytes = bytes(file, displayName, diagnostics);
        if (bytes == null) return Optional.empty();
        if (kept != null) {
            var again = kept.get(file, displayName, bytes);
            if (again != null) {
                readDigest.accept(again.digest());
                return Optional.of(again.document());
            }
        }
        byte[] digest = dev.factory.runtime.Sha256.digest().digest(bytes);
        YamlDocument remembered = parsed == null ? null : parsed.lookup(displayName, digest);
        if (remembered != null) {   // these bytes read cleanly before: they are UTF-8 and parse to this
            readDigest.accept(digest.clone());
            if (kept != null) kept.put(file, displayName, bytes, digest, remembered);
            return Optional.of(remembered);
        }
        int before = diagnostics.size();
        String text = utf8(bytes, displayName, diagnostics);
        if (text == null) return Optional.empty();
        readDigest.accept(digest.clone());
        var document = parse(text, displayName, diagnostics);
        if (document.isPresent() && diagnostics.size() == before) {
            if (kept != null) kept.put(file, displayName, bytes, digest, document.get());
            if (parsed != null) parsed.parsed(document.get(), digest);
        }
        return document;
    }

    /**
     * Documents a long-running process (the daemon's plan server, bench-plan) keeps between loads
     * of a config, each with the exact bytes it was parsed from: a file whose bytes are the same is
     * not parsed again. Only a document whose reading found nothing is kept (a reading that reports
     * is repeated, reporting again). Holds the files of the configs loaded last, up to {@link #MAX_FILES}.
     */
    public static final class Kept {
        static final int MAX_FILES = 4096;

        private static final class Entry {
            final Path displayName;
            final byte[] bytes;
            final byte[] digest;
            final YamlDocument document;
            List<CredentialScan.Finding> findings;   // computed on first need: a pure function of the document

            Entry(Path displayName, byte[] bytes, byte[] digest, YamlDocument document) {
                this.displayName = displayName;
                this.bytes = bytes;
                this.digest = digest;
                this.document = document;
            }

            byte[] digest() {
                return digest.clone();
            }

            YamlDocument document() {
                return document;
            }
        }

        private final java.util.LinkedHashMap<Path, Entry> entries = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
                return size() > MAX_FILES;
            }
        };
        private long parses;

        synchronized Entry get(Path file, Path displayName, byte[] bytes) {
            Entry e = entries.get(file);
            return e != null && e.displayName.equals(displayName) && java.util.Arrays.equals(e.bytes, bytes) ? e : null;
        }

        synchronized void put(Path file, Path displayName, byte[] bytes, byte[] digest, YamlDocument document) {
            parses++;
            entries.put(file, new Entry(displayName, bytes, digest, document));
        }

        /** The credential scan's findings in {@code document}, kept beside it when it is one of these documents. */
        synchronized List<CredentialScan.Finding> findings(YamlDocument document) {
            Entry e = entries.get(document.file());
            if (e == null || e.document != document) return CredentialScan.findings(document);
            if (e.findings == null) e.findings = CredentialScan.findings(document);
            return e.findings;
        }

        /** How many files were parsed and kept (tests). */
        synchronized long parses() {
            return parses;
        }
    }

    private static Optional<YamlDocument> parse(String text, Path displayName, Diagnostics diagnostics) {
        Node document = compose(text, displayName, diagnostics);
        if (document == null) return Optional.empty();
        var valueAt = new HashMap<String, SourceLocation>();
        var keyAt = new HashMap<String, SourceLocation>();
        int errorsBefore = (int) diagnostics.errorCount();
        JsonNode root;
        try {
            root = document == EMPTY ? JSON.objectNode() : convert(document, "", 0, new Budget(), displayName, valueAt, keyAt, diagnostics);
        } catch (Refused e) {
            diagnostics.add(Diagnostic.error(e.at, "", e.getMessage()));
            return Optional.empty();
        }
        if (diagnostics.errorCount() > errorsBefore) return Optional.empty();
        return Optional.of(new YamlDocument(displayName, root, Map.copyOf(valueAt), Map.copyOf(keyAt)));
    }

    /** The file's bytes, or null when it is too big or unreadable (reported). */
    private static byte[] bytes(Path file, Path displayName, Diagnostics diagnostics) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                diagnostics.add(Diagnostic.error(SourceLocation.of(displayName), "", "the file is " + size + " bytes; a config file holds at most "
                        + MAX_FILE_BYTES + " bytes: split it, or move large content into a file of its own (files.NAME.source)"));
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(displayName), "", "cannot read file: " + e.getMessage()));
            return null;
        }
    }

    /** An empty file's document. */
    private static final Node EMPTY = new org.snakeyaml.engine.v2.nodes.ScalarNode(org.snakeyaml.engine.v2.nodes.Tag.NULL, "",
            org.snakeyaml.engine.v2.common.ScalarStyle.PLAIN);

    /** The file's one document as a node tree ({@link #EMPTY} for an empty file), or null when it cannot be read as one (reported). */
    private static Node compose(String text, Path displayName, Diagnostics diagnostics) {
        // the whole file in one buffer: snakeyaml's reader otherwise re-copies its window for every
        // 1 KB it reads ahead, which made one 10 MB line take minutes to scan
        var settings = LoadSettings.builder().setLabel(displayName.toString()).setSchema(new CoreSchema())
                .setBufferSize(Math.max(1024, text.length() + 1)).setCodePointLimit(MAX_FILE_BYTES).build();
        List<Node> documents = new ArrayList<>();
        try {
            // counted as the composer reads: a file too deep or too big is refused as soon as that is
            // seen, before more of a node tree is built for it (building one is the recursive part)
            var events = new YamlLimits(new ParserImpl(settings, new StreamReader(settings, text)), displayName);
            new Composer(settings, events).forEachRemaining(documents::add);
        } catch (YamlLimits.TooMuch e) {
            diagnostics.add(e.diagnostic);
            return null;
        } catch (MarkedYamlEngineException e) {
            var at = e.getProblemMark().or(e::getContextMark).map(m -> at(displayName, m)).orElse(SourceLocation.of(displayName));
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            String hint = problem != null && problem.contains("block") ? "; check the indentation of this line and the one above" : "";
            diagnostics.add(Diagnostic.error(at, "", "YAML syntax error: " + problem + context + hint));
            return null;
        } catch (YamlEngineException e) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(displayName), "", "YAML error: " + e.getMessage()));
            return null;
        } catch (StackOverflowError e) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(displayName), "",
                    "YAML nested too deeply to read; a config needs at most " + MAX_DEPTH + " levels"));
            return null;
        }
        if (documents.size() > 1) {
            diagnostics.add(Diagnostic.error(at(displayName, documents.get(1)), "",
                    "a config file holds one YAML document; move the part after '---' into a file of its own"));
            return null;
        }
        return documents.isEmpty() ? EMPTY : documents.get(0);
    }

    /** The text, or null after reporting the first byte that is not UTF-8 (file, line and byte offset). */
    static String utf8(byte[] bytes, Path file, Diagnostics diagnostics) {
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT).onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        var in = java.nio.ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int line = 1, lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            diagnostics.add(Diagnostic.error(new SourceLocation(file, line, offset - lineStart + 1), "", String.format(java.util.Locale.ROOT,
                    "not UTF-8 at byte offset %d (byte 0x%02x); a config file is UTF-8 text: re-save it as UTF-8", offset, bytes[offset] & 0xff)));
            return null;
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static JsonNode convert(Node node, String pointer, int depth, Budget budget, Path file, Map<String, SourceLocation> valueAt,
                                    Map<String, SourceLocation> keyAt, Diagnostics diagnostics) {
        if (depth > MAX_DEPTH) throw new Refused(at(file, node), "nested deeper than " + MAX_DEPTH + " levels; flatten this value");
        if (++budget.nodes > MAX_NODES) {
            throw new Refused(at(file, node), "more than " + MAX_NODES + " values once aliases are expanded; remove the '*' aliases that multiply them");
        }
        if (!(node instanceof ScalarNode) && !budget.open.add(node)) {
            throw new Refused(at(file, node), "an alias refers to the anchor it is inside of; a config value cannot contain itself");
        }
        try {
            return convertNode(node, pointer, depth, budget, file, valueAt, keyAt, diagnostics);
        } finally {
            budget.open.remove(node);
        }
    }

    private static JsonNode convertNode(Node node, String pointer, int depth, Budget budget, Path file, Map<String, SourceLocation> valueAt,
                                        Map<String, SourceLocation> keyAt, Diagnostics diagnostics) {
        node.getStartMark().ifPresent(m -> valueAt.put(pointer, at(file, m)));
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            var firstSeen = new HashMap<String, SourceLocation>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    var where = at(file, tuple.getKeyNode());
                    diagnostics.add(Diagnostic.error(where, "", "a key must be a plain string"));
                    continue;
                }
                String key = keyNode.getValue();
                var keyLocation = at(file, keyNode);
                String child = YamlDocument.pointer(pointer, key);
                var earlier = firstSeen.putIfAbsent(key, keyLocation);
                if (earlier != null) {
                    diagnostics.add(Diagnostic.error(keyLocation, child.substring(1).replace('/', '.'),
                            "duplicate key '" + key + "' (first defined at line " + earlier.line() + "); remove one of them"));
                    continue;
                }
                keyAt.put(child, keyLocation);
                object.set(key, convert(tuple.getValueNode(), child, depth + 1, budget, file, valueAt, keyAt, diagnostics));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(convert(item, pointer + "/" + i++, depth + 1, budget, file, valueAt, keyAt, diagnostics));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode node) {
        Tag tag = node.getTag();
        String v = node.getValue();
        try {
            if (Tag.NULL.equals(tag)) return JSON.nullNode();
            if (Tag.BOOL.equals(tag)) return JSON.booleanNode(v.equalsIgnoreCase("true"));
            if (Tag.INT.equals(tag)) return JSON.numberNode(new java.math.BigInteger(v.replace("_", "").replace("+", "")));
            if (Tag.FLOAT.equals(tag)) return JSON.numberNode(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            // hex/octal forms: keep them as written, the schema will say what type was wanted
        }
        return JSON.textNode(v);
    }

    private static SourceLocation at(Path file, Node node) {
        return node.getStartMark().map(m -> at(file, m)).orElse(SourceLocation.of(file));
    }

    static SourceLocation at(Path file, Mark mark) {
        return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
