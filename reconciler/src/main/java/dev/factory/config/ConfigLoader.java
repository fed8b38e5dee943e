package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.daemon.DaemonRules;
import dev.factory.kinds.container.ContainerRules;
import dev.factory.kinds.image.ImageRules;
import dev.factory.kinds.file.FileRules;
import dev.factory.kinds.mcp.McpRules;
import dev.factory.kinds.prune.PruneRules;
import dev.factory.kinds.repo.RepoRules;
import dev.factory.kinds.runner.RunnerRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a config directory: every {@code *.yaml} below it (hidden directories skipped) is one
 * document. Phases: syntax, schema, merge (names unique per kind), semantics. Each phase reports
 * every problem it finds; a later phase runs only when the earlier ones found no error.
 */
public final class ConfigLoader {
    /** Kinds that are a single object rather than a map of names. */
    private static final List<String> SINGLETONS = List.of("host", "mcp", "prune", "schedule");

    private final SchemaValidator schema;

    public ConfigLoader() {
        this(SchemaValidator.load());
    }

    ConfigLoader(SchemaValidator schema) {
        this.schema = schema;
    }

    public record Result(Desired desired, List<Diagnostic> diagnostics, int files) {
        public boolean ok() {
            return desired != null;
        }
    }

    public Result load(Path configDir) {
        return load(configDir, null);
    }

    /**
     * Loads a config whose {@code host:} section is not trusted (a pull request's): the host is
     * {@code trustedHost} (the running config's) for everything, paths included, so the config
     * cannot move the state dir, the engine, the secrets or the home factory works with.
     */
    public Result load(Path configDir, HostSpec trustedHost) {
        var diagnostics = new Diagnostics();
        if (!Files.isDirectory(configDir)) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(configDir), "",
                    "config directory " + configDir + " does not exist; pass --config DIR"));
            return new Result(null, diagnostics.sorted(), 0);
        }
        long t0 = System.nanoTime();
        List<Path> files = yamlFiles(configDir, diagnostics);
        var documents = new ArrayList<YamlDocument>();
        for (Path file : files) {
            YamlReader.read(file, file, diagnostics).ifPresent(doc -> {
                schema.validate(doc, diagnostics);
                documents.add(doc);
            });
        }
        if (files.isEmpty()) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(configDir), "",
                    "no *.yaml files in " + configDir + "; is this the config directory?"));
        }
        if (diagnostics.hasErrors()) return new Result(null, diagnostics.sorted(), files.size());
        dev.factory.runtime.Timing.mark("config: yaml + schema", t0);
        long t1 = System.nanoTime();

        var byKind = merge(documents, diagnostics);
        Path absoluteDir = configDir.toAbsolutePath().normalize();
        List<Declared> hosts = trustedHost != null ? List.of() : byKind.getOrDefault("host", List.of());
        HostSpec host = trustedHost != null ? trustedHost : hosts.isEmpty() ? HostSpec.defaults() : HostSpec.from(hosts.get(0).spec());
        var tree = ConfigTree.of(absoluteDir);
        var images = ImageRules.read(byKind.getOrDefault("images", List.of()), absoluteDir, tree, diagnostics);
        var containers = ContainerRules.read(byKind, host, absoluteDir, images.keySet(), diagnostics);
        var repos = RepoRules.read(byKind.getOrDefault("repos", List.of()), host, absoluteDir, tree, diagnostics);
        var mcp = McpRules.read(byKind.getOrDefault("mcp", List.of()), host, absoluteDir, diagnostics);
        var declaredFiles = FileRules.read(byKind.getOrDefault("files", List.of()), host, absoluteDir, tree, diagnostics);
        checkProfileClients(containers.profiles(), mcp, byKind, diagnostics);
        checkRenderedPaths(declaredFiles, mcp, byKind, diagnostics);
        var schedule = DaemonRules.schedule(byKind.getOrDefault("schedule", List.of()), diagnostics);
        var jobs = DaemonRules.jobs(byKind.getOrDefault("jobs", List.of()), containers.profiles().keySet(), diagnostics);
        var runners = RunnerRules.read(byKind.getOrDefault("runners", List.of()), host, absoluteDir, repos, containers.profiles().keySet(), diagnostics);
        Declared hostDecl = hosts.isEmpty() ? null : hosts.get(0);
        var prune = PruneRules.read(byKind.getOrDefault("prune", List.of()), hostDecl == null ? null : hostDecl.spec().get("disk"), host,
                absoluteDir, repos.keySet(), containers.profiles().keySet(), diagnostics,
                field -> hostDecl == null ? SourceLocation.of(absoluteDir) : hostDecl.at(field));
        CredentialScan.scan(documents, diagnostics);   // last: quiet where a kind's own check already spoke
        if (diagnostics.hasErrors()) return new Result(null, diagnostics.sorted(), files.size());

        dev.factory.runtime.Timing.mark("config: semantics", t1);
        long t2 = System.nanoTime();
        var revision = ConfigRevision.of(absoluteDir).orElse(null);
        dev.factory.runtime.Timing.mark("config: git revision", t2);
        // sorted by name: the same config plans in the same order on every run (Map.copyOf's order changes per JVM)
        var desired = new Desired(absoluteDir, revision, host, sorted(images), sorted(containers.profiles()),
                sorted(containers.services()), sorted(containers.volumes()), sorted(containers.networks()),
                sorted(repos), mcp, sorted(declaredFiles), prune, sorted(runners), schedule, sorted(jobs));
        return new Result(desired, diagnostics.sorted(), files.size());
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(map));
    }

    private static void checkProfileClients(Map<String, dev.factory.kinds.container.ProfileSpec> profiles, dev.factory.kinds.mcp.McpSpec mcp,
                                            Map<String, List<Declared>> byKind, Diagnostics diagnostics) {
        for (Declared d : byKind.getOrDefault("profiles", List.of())) {
            var profile = profiles.get(d.name());
            for (String client : profile.mcpClients()) {
                if (!mcp.clients().containsKey(client)) {
                    diagnostics.add(Diagnostic.error(d.at("mcp"), d.path("mcp"), "profile " + d.name() + ": mcp client '" + client
                            + "' is not declared in mcp.clients" + Suggestions.didYouMean(client, mcp.clients().keySet())));
                }
            }
        }
    }

    /**
     * Two declarations that render one path would overwrite each other on every apply: refused
     * at the second, naming the first.
     */
    private static void checkRenderedPaths(Map<String, dev.factory.kinds.file.FileDecl> files, dev.factory.kinds.mcp.McpSpec mcp,
                                           Map<String, List<Declared>> byKind, Diagnostics diagnostics) {
        record Target(String what, SourceLocation at, String yamlPath) {}
        var targets = new java.util.ArrayList<java.util.Map.Entry<Path, Target>>();
        for (Declared d : byKind.getOrDefault("files", List.of())) {
            var decl = files.get(d.name());
            if (decl != null) targets.add(Map.entry(decl.path(), new Target("files." + d.name(), d.at("path"), d.path("path"))));
        }
        for (Declared d : byKind.getOrDefault("mcp", List.of())) {
            mcp.clients().forEach((name, client) -> {
                String pointer = YamlDocument.pointer(YamlDocument.pointer(YamlDocument.pointer(d.pointer(), "clients"), name), "path");
                targets.add(Map.entry(client.path(), new Target("mcp.clients." + name, d.doc().valueLocation(pointer), d.doc().yamlPath(pointer))));
            });
        }
        targets.sort(java.util.Comparator.comparing((java.util.Map.Entry<Path, Target> t) -> String.valueOf(t.getValue().at().file()))
                .thenComparingInt(t -> t.getValue().at().line()));
        var first = new java.util.HashMap<Path, Target>();
        for (var t : targets) {
            Target earlier = first.putIfAbsent(t.getKey().normalize(), t.getValue());
            if (earlier != null) {
                diagnostics.add(Diagnostic.error(t.getValue().at(), t.getValue().yamlPath(), t.getValue().what() + " and " + earlier.what()
                        + " (" + earlier.at() + ") both render " + t.getKey() + "; each would overwrite the other on every apply: give one another path"));
            }
        }
    }

    private static List<Path> yamlFiles(Path dir, Diagnostics diagnostics) {
        try (Stream<Path> walk = Files.walk(dir)) {
            var out = new ArrayList<Path>();
            walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dir.relativize(p)))
                    .sorted()
                    .forEach(p -> {
                        String name = p.getFileName().toString();
                        if (name.endsWith(".yaml")) out.add(p);
                        else if (name.endsWith(".yml")) diagnostics.add(Diagnostic.warning(SourceLocation.of(p), "",
                                "ignored: config files end in .yaml; rename it to load it"));
                    });
            return out;
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(SourceLocation.of(dir), "", "cannot list config directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) return true;
        }
        return false;
    }

    /** Kind -> declarations across all files; a name declared twice is reported at its second place. */
    private static Map<String, List<Declared>> merge(List<YamlDocument> documents, Diagnostics diagnostics) {
        var byKind = new LinkedHashMap<String, List<Declared>>();
        var seen = new LinkedHashMap<String, Declared>();
        for (YamlDocument doc : documents) {
            doc.root().fields().forEachRemaining(kindEntry -> {
                String kind = kindEntry.getKey();
                String kindPointer = YamlDocument.pointer("", kind);
                if (SINGLETONS.contains(kind)) {
                    add(byKind, seen, new Declared(kind, kind, kindEntry.getValue(), doc, kindPointer), diagnostics);
                    return;
                }
                JsonNode entries = kindEntry.getValue();
                if (entries == null || entries.isNull()) return;
                entries.fields().forEachRemaining(e -> add(byKind, seen,
                        new Declared(kind, e.getKey(), e.getValue(), doc, YamlDocument.pointer(kindPointer, e.getKey())), diagnostics));
            });
        }
        return byKind;
    }

    private static void add(Map<String, List<Declared>> byKind, Map<String, Declared> seen, Declared d, Diagnostics diagnostics) {
        var earlier = seen.putIfAbsent(d.kind() + "/" + d.name(), d);
        if (earlier != null) {
            String what = SINGLETONS.contains(d.kind()) ? "'" + d.kind() + "' is" : d.kind() + " '" + d.name() + "' is";
            diagnostics.add(Diagnostic.error(d.at(), d.path(), what + " already defined at " + earlier.at()
                    + "; names are unique per kind across all files"));
            return;
        }
        byKind.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(d);
    }
}
