package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a config directory: every {@code *.yaml} below it (hidden directories and image build
 * contexts skipped) is one
 * document. Phases: syntax, schema, merge (names unique per key), then each {@link Section}
 * reads its keys, after the sections it reads. Each phase reports every problem it finds; a later
 * phase runs only when the earlier ones found no error. The loader names no section: it is given
 * them (the registry in {@code dev.factory.app}).
 */
public final class ConfigLoader {
    private static final String HOST = "host";

    private final List<Section<?>> sections;
    private final List<Section<?>> given;
    private final SchemaVerdicts verdicts;
    private SchemaValidator schema;   // composed on first need: a config the schema passed before does not need it
    private final ConfigGit git;
    private final YamlReader.Kept kept;   // null: every file parsed on every load
    private final ParsedConfigs parsedConfigs;
    private final Set<String> singletons = new HashSet<>(Set.of(HOST));

    /** A loader for these sections (the registry's), finding the config's tree and revision through {@code git}. */
    public ConfigLoader(List<Section<?>> sections, ConfigGit git) {
        this(sections, git, SchemaVerdicts.none());
    }

    /** As above, skipping the schema for a config whose exact files {@code verdicts} remembers it passing. */
    public ConfigLoader(List<Section<?>> sections, ConfigGit git, SchemaVerdicts verdicts) {
        this(sections, git, verdicts, ParsedConfigs.none(), null);
    }

    /** As above, reading a file back from {@code parsed} where it remembers these exact bytes parsed before. */
    public ConfigLoader(List<Section<?>> sections, ConfigGit git, SchemaVerdicts verdicts, ParsedConfigs parsed) {
        this(sections, git, verdicts, parsed, null);
    }

    private ConfigLoader(List<Section<?>> sections, ConfigGit git, SchemaVerdicts verdicts, ParsedConfigs parsed, YamlReader.Kept kept) {
        this.kept = kept;
        this.parsedConfigs = parsed;
        this.sections = inReadingOrder(sections);
        this.given = List.copyOf(sections);
        this.verdicts = verdicts;
        this.git = git;
        sections.forEach(s -> singletons.addAll(s.singletons()));
    }

    /**
     * This loader for a process that loads configs again and again (the daemon's plan server,
     * bench-plan): a YAML file whose bytes did not change since the last load is not parsed again
     * (every file is still listed and read, and every section still reads the parsed documents, so
     * a load answers exactly as a fresh loader's). Its documents are shared between loads: nothing
     * that reads a config changes it.
     */
    public ConfigLoader keepingParsedFiles() {
        return new ConfigLoader(given, git, verdicts, parsedConfigs, new YamlReader.Kept());
    }

    /** How many files this loader parsed and kept; 0 for one that keeps none (tests). */
    long parsedAndKept() {
        return kept == null ? 0 : kept.parses();
    }

    public record Result(Desired desired, List<Diagnostic> diagnostics, int files) {
        public boolean ok() {
            return desired != null;
        }
    }

    /** The sections, each after the ones it reads; a section listed in after() but not given is a wiring bug. */
    static List<Section<?>> inReadingOrder(List<Section<?>> given) {
        var ordered = new LinkedHashSet<Section<?>>();
        var visiting = new HashSet<Section<?>>();
        for (Section<?> s : given) visit(s, Set.copyOf(given), ordered, visiting);
        return List.copyOf(ordered);
    }

    private static void visit(Section<?> s, Set<Section<?>> given, Set<Section<?>> ordered, Set<Section<?>> visiting) {
        if (ordered.contains(s)) return;
        if (!given.contains(s)) throw new IllegalStateException(s + " is read by another section but is not registered");
        if (!visiting.add(s)) throw new IllegalStateException(s + " is read after itself: the sections' after() lists form a cycle");
        for (Section<?> before : s.after()) visit(before, given, ordered, visiting);
        ordered.add(s);
    }

    public Result load(Path configDir) {
        return load(configDir, null);
    }

    /**
     * Loads a config whose {@code host:} section is not trusted (a pull request's): the host is
     * {@code trustedHost} (the running config's) for everything, paths included, so the config
     * cannot move the state dir, the engine, the secrets or the home factory works with.
     *
     * <p>One load at a time: a daemon's reconciles, pull-request plans and plan answers share one
     * loader (its kept files, its schema validator composed on first need).
     */
    public synchronized Result load(Path configDir, HostSpec trustedHost) {
        var diagnostics = new Diagnostics();
        if (!Files.isDirectory(configDir)) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(configDir), "",
                    "config directory " + configDir + " does not exist; pass --config DIR"));
            return new Result(null, diagnostics.sorted(), 0);
        }
        long t0 = System.nanoTime();
        // the config's git revision is read beside the parse: on a cold JVM, opening the repository is
        // most of a tenth of a second of class loading and reading that needs nothing the parse makes
        Path absoluteDir = configDir.toAbsolutePath().normalize();
        var revision = dev.factory.runtime.Workers.beside("config-revision", () -> {
            long t = System.nanoTime();
            var r = git.revision(absoluteDir).orElse(null);
            dev.factory.runtime.Timing.mark("config: git revision (beside)", t);
            return r;
        });
        List<Path> files = yamlFiles(configDir, diagnostics);
        var documents = new ArrayList<YamlDocument>();
        var verdictKey = verdicts.key();
        var parsed = parsedConfigs.load();
        for (Path file : files) {
            YamlReader.read(file, file, diagnostics, digest -> verdictKey.file(configDir.relativize(file).toString(), digest), kept, parsed)
                    .ifPresent(documents::add);
        }
        validate(documents, verdictKey, diagnostics);
        if (files.isEmpty()) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(configDir), "",
                    "no *.yaml files in " + configDir + "; is this the config directory?"));
        }
        if (diagnostics.hasErrors()) return new Result(null, diagnostics.sorted(), files.size());
        dev.factory.runtime.Timing.mark("config: yaml + schema", t0);
        long t1 = System.nanoTime();

        var byKey = merge(documents, diagnostics);
        List<Declared> hosts = trustedHost != null ? List.of() : byKey.getOrDefault(HOST, List.of());
        HostSpec host = trustedHost != null ? trustedHost : hosts.isEmpty() ? HostSpec.defaults() : HostSpec.from(hosts.get(0).spec());
        var read = new LinkedHashMap<Section<?>, Object>();
        var ctx = new SectionContext(host, hosts.isEmpty() ? null : hosts.get(0), absoluteDir, ConfigTree.of(absoluteDir, git), diagnostics,
                java.util.Collections.unmodifiableMap(read));
        for (Section<?> section : sections) {
            var own = new LinkedHashMap<String, List<Declared>>();
            for (String key : section.keys()) own.put(key, byKey.getOrDefault(key, List.of()));
            read.put(section, section.read(java.util.Collections.unmodifiableMap(own), ctx));
        }
        java.util.function.Function<YamlDocument, List<CredentialScan.Finding>> scan = kept == null ? CredentialScan::findings : kept::findings;
        CredentialScan.scan(documents, diagnostics, doc -> parsed.findings(doc, scan));   // last: quiet where a section's own check already spoke
        parsed.save();
        if (diagnostics.hasErrors()) return new Result(null, diagnostics.sorted(), files.size());

        dev.factory.runtime.Timing.mark("config: semantics", t1);
        long t2 = System.nanoTime();
        ConfigRevision at = dev.factory.runtime.Workers.join(revision);
        dev.factory.runtime.Timing.mark("config: git revision (waited)", t2);
        return new Result(new Desired(absoluteDir, at, host, read, byKey), diagnostics.sorted(), files.size());
    }

    /**
     * The schema's findings on every document, unless it passed these exact files before (then
     * nothing is loaded). When a file did not parse, the rest are validated and nothing is remembered.
     */
    private void validate(List<YamlDocument> documents, SchemaVerdicts.Key key, Diagnostics diagnostics) {
        String digest = diagnostics.hasErrors() ? null : key.hex();
        if (digest != null && verdicts.passed(digest)) {
            dev.factory.runtime.Timing.mark("config: schema verdict remembered", System.nanoTime());
            return;
        }
        int before = diagnostics.size();
        documents.forEach(doc -> schema().validate(doc, diagnostics));
        if (digest != null && diagnostics.size() == before) verdicts.remember(digest);
    }

    private SchemaValidator schema() {
        if (schema == null) schema = SchemaValidator.compose(given);
        return schema;
    }

    /**
     * Every {@code *.yaml} below {@code dir}, sorted. Hidden directories are skipped, and so is any
     * directory below the root that holds a Dockerfile: an image's build context, whose YAML (a
     * pnpm-lock.yaml, a workflow) is the image's, not config. Links are not followed.
     */
    private static List<Path> yamlFiles(Path dir, Diagnostics diagnostics) {
        var out = new ArrayList<Path>();
        try {
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (d.equals(dir)) return java.nio.file.FileVisitResult.CONTINUE;
                    boolean context = Files.isRegularFile(d.resolve("Dockerfile"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    return hidden(dir.relativize(d)) || context ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes attrs) {
                    String name = p.getFileName().toString();
                    if (attrs.isSymbolicLink() && name.endsWith(".yaml") && !name.startsWith(".")) {
                        diagnostics.add(Diagnostic.warning(SourceLocation.of(p), "", "ignored: a link; config files are read only where they are"));
                    }
                    if (!attrs.isRegularFile() || name.startsWith(".")) return java.nio.file.FileVisitResult.CONTINUE;
                    if (name.endsWith(".yaml")) out.add(p);
                    else if (name.endsWith(".yml")) diagnostics.add(Diagnostic.warning(SourceLocation.of(p), "",
                            "ignored: config files end in .yaml; rename it to load it"));
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(dir), "", "cannot list config directory: " + e.getMessage()));
            return List.of();
        }
        out.sort(null);
        return out;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) return true;
        }
        return false;
    }

    /** Key -> declarations across all files; a name declared twice is reported at its second place. */
    private Map<String, List<Declared>> merge(List<YamlDocument> documents, Diagnostics diagnostics) {
        var byKey = new LinkedHashMap<String, List<Declared>>();
        var seen = new LinkedHashMap<String, Declared>();
        for (YamlDocument doc : documents) {
            doc.root().fields().forEachRemaining(keyEntry -> {
                String key = keyEntry.getKey();
                String keyPointer = YamlDocument.pointer("", key);
                if (singletons.contains(key)) {
                    add(byKey, seen, new Declared(key, key, keyEntry.getValue(), doc, keyPointer), diagnostics);
                    return;
                }
                JsonNode entries = keyEntry.getValue();
                if (entries == null || entries.isNull()) return;
                entries.fields().forEachRemaining(e -> add(byKey, seen,
                        new Declared(key, e.getKey(), e.getValue(), doc, YamlDocument.pointer(keyPointer, e.getKey())), diagnostics));
            });
        }
        return byKey;
    }

    private void add(Map<String, List<Declared>> byKey, Map<String, Declared> seen, Declared d, Diagnostics diagnostics) {
        var earlier = seen.putIfAbsent(d.kind() + "/" + d.name(), d);
        if (earlier != null) {
            String what = singletons.contains(d.kind()) ? "'" + d.kind() + "' is" : d.kind() + " '" + d.name() + "' is";
            diagnostics.add(Diagnostic.error(d.at(), d.path(), what + " already defined at " + earlier.at()
                    + "; names are unique per kind across all files"));
            return;
        }
        byKey.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(d);
    }
}
