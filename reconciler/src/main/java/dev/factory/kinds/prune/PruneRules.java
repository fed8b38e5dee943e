package dev.factory.kinds.prune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.config.Age;
import dev.factory.config.ByteSize;
import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.HostPaths;
import dev.factory.config.HostSpec;
import dev.factory.config.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code prune:} and {@code host.disk}, checking names, ages, sizes and glob roots. */
public final class PruneRules {
    private PruneRules() {}

    public static PruneSpec read(List<Declared> declared, JsonNode diskNode, HostSpec host, Path configDir, Set<String> repos,
                                 Set<String> profiles, Diagnostics diagnostics, SourceAt hostAt) {
        PruneSpec.DiskSpec disk = disk(diskNode, host, configDir, diagnostics, hostAt);
        if (declared.isEmpty()) return PruneSpec.none(disk);
        Declared d = declared.get(0);
        JsonNode n = d.spec();
        var worktrees = new ArrayList<PruneSpec.WorktreeRule>();
        JsonNode wts = n.path("worktrees");
        for (int i = 0; i < wts.size(); i++) worktrees.add(worktreeRule(d, wts.get(i), i, repos, diagnostics));
        var homes = homes(host);
        var files = new ArrayList<PruneSpec.FileRule>();
        JsonNode fs = n.path("files");
        for (int i = 0; i < fs.size(); i++) {
            var rule = fileRule(d, fs.get(i), i, host, configDir, homes, diagnostics);
            if (rule != null) files.add(rule);
        }
        JsonNode docker = n.path("docker");
        PruneSpec.ContainerRule containers = docker.has("containers")
                ? new PruneSpec.ContainerRule(Age.parse(docker.path("containers").path("exitedFor").asText()), docker.path("containers").path("unowned").asBoolean(false))
                : null;
        PruneSpec.ImageRule images = docker.has("images")
                ? new PruneSpec.ImageRule(docker.path("images").hasNonNull("keepLatest") ? docker.path("images").get("keepLatest").asInt() : null,
                docker.path("images").path("dangling").asBoolean(false), docker.path("images").path("unowned").asBoolean(false))
                : null;
        Long buildCache = docker.has("buildCache") ? size(d, docker.path("buildCache").path("maxSize"), "/docker/buildCache/maxSize", diagnostics) : null;
        var commands = new ArrayList<PruneSpec.CommandRule>();
        JsonNode cs = n.path("commands");
        for (int i = 0; i < cs.size(); i++) commands.add(commandRule(d, cs.get(i), i, profiles, diagnostics));
        int max = n.hasNonNull("maxDeletions") ? n.get("maxDeletions").asInt() : PruneSpec.DEFAULT_MAX_DELETIONS;
        return new PruneSpec(max, worktrees, files, containers, images, buildCache, commands, disk);
    }

    private static PruneSpec.WorktreeRule worktreeRule(Declared d, JsonNode w, int i, Set<String> repos, Diagnostics diagnostics) {
        String repo = w.path("repo").asText();
        if (!repo.equals("*") && !repos.contains(repo)) {
            error(d, "/worktrees/" + i + "/repo", "repo '" + repo + "' is not declared in repos" + Suggestions.didYouMean(repo, repos), diagnostics);
        }
        var disposable = new ArrayList<String>();
        JsonNode listed = w.get("ignoredDisposable");
        if (listed == null) disposable.addAll(PruneSpec.WorktreeRule.DEFAULT_DISPOSABLE);
        else listed.forEach(x -> disposable.add(x.asText()));
        for (int j = 0; j < disposable.size(); j++) {
            try {
                Glob.compile(disposable.get(j), true);
            } catch (IllegalArgumentException e) {
                error(d, "/worktrees/" + i + "/ignoredDisposable/" + j, e.getMessage(), diagnostics);
            }
        }
        return new PruneSpec.WorktreeRule(repo, age(w), disposable);
    }

    /** Where people keep what matters: a rule rooted at one of these (or above) needs allowBroadRoot. */
    private static Set<Path> homes(HostSpec host) {
        var homes = new java.util.HashSet<Path>();
        homes.add(Path.of("/root"));
        homes.add(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize());
        if (host.home() != null) homes.add(Path.of(host.home()).toAbsolutePath().normalize());
        return homes;
    }

    /** One files rule, or null when its glob cannot be used (reported). */
    private static PruneSpec.FileRule fileRule(Declared d, JsonNode f, int i, HostSpec host, Path configDir, Set<Path> homes, Diagnostics diagnostics) {
        String field = "/files/" + i + "/glob";
        String raw = f.path("glob").asText();
        if (!raw.startsWith("/") && !raw.startsWith("~/")) {
            error(d, field, "glob '" + raw + "' must be absolute or start with ~/", diagnostics);
            return null;
        }
        if (java.util.Arrays.asList(raw.split("/")).contains("..")) {
            error(d, field, "glob '" + raw + "' contains '..'; write the directory it means", diagnostics);
            return null;
        }
        String glob = HostPaths.resolve(raw.startsWith("~/") ? raw : "/" + raw.substring(1), host, configDir).toString();
        if (raw.endsWith("/")) glob = glob + "/";
        GlobRoot split = GlobRoot.of(glob);
        var broad = GlobRoot.tooBroad(split.root(), homes);
        if (broad.isPresent() && !f.path("allowBroadRoot").asBoolean(false)) {
            error(d, field, "glob '" + raw + "' is rooted at " + split.root() + ", and " + broad.get() + ": a rule there could sweep what the "
                    + "machine or a person depends on; give it a deeper fixed directory, or say allowBroadRoot: true if you mean it", diagnostics);
        } else if (split.root().getNameCount() < 1) {
            error(d, field, "glob '" + raw + "' is rooted at /; give it a deeper fixed directory, so a rule can never sweep the whole disk", diagnostics);
        }
        if (split.pattern().isEmpty()) {
            error(d, field, "glob '" + raw + "' names no entry below its root", diagnostics);
            return null;
        }
        boolean dotfiles = f.path("dotfiles").asBoolean(false);
        try {
            Glob.compile(split.pattern(), dotfiles);
        } catch (IllegalArgumentException e) {
            error(d, field, "glob '" + raw + "': " + e.getMessage(), diagnostics);
            return null;
        }
        Long larger = f.hasNonNull("largerThan") ? size(d, f.get("largerThan"), "/files/" + i + "/largerThan", diagnostics) : null;
        return new PruneSpec.FileRule(glob, split.root(), split.pattern(), age(f), larger,
                f.hasNonNull("keepNewest") ? f.get("keepNewest").asInt() : null, dotfiles);
    }

    private static PruneSpec.CommandRule commandRule(Declared d, JsonNode c, int i, Set<String> profiles, Diagnostics diagnostics) {
        String profile = c.path("profile").asText();
        if (!profiles.contains(profile)) {
            error(d, "/commands/" + i + "/profile", "profile '" + profile + "' is not declared" + Suggestions.didYouMean(profile, profiles), diagnostics);
        }
        var command = new ArrayList<String>();
        c.path("command").forEach(x -> command.add(x.asText()));
        return new PruneSpec.CommandRule(c.path("name").asText(), profile, command,
                c.hasNonNull("every") ? Age.parse(c.get("every").asText()) : Age.parse("1d"));
    }

    /** A size in bytes, or null when it does not parse (reported at {@code rel}). */
    private static Long size(Declared d, JsonNode value, String rel, Diagnostics diagnostics) {
        try {
            return ByteSize.parse(value.asText()).bytes();
        } catch (IllegalArgumentException e) {
            error(d, rel, e.getMessage(), diagnostics);
            return null;
        }
    }

    /** Where host.disk was written, for its diagnostics. */
    public interface SourceAt {
        dev.factory.config.SourceLocation at(String field);
    }

    private static PruneSpec.DiskSpec disk(JsonNode n, HostSpec host, Path configDir, Diagnostics diagnostics, SourceAt at) {
        if (n == null || n.isMissingNode() || n.isNull()) return new PruneSpec.DiskSpec(Path.of("/"), PruneSpec.DiskSpec.DEFAULT_ALERT, null, null);
        Integer high = n.hasNonNull("highPercent") ? n.get("highPercent").asInt() : null;
        Integer low = n.hasNonNull("lowPercent") ? n.get("lowPercent").asInt() : null;
        if ((high == null) != (low == null) || high != null && low >= high) {
            diagnostics.add(Diagnostic.error(at.at("disk"), "host.disk", "highPercent and lowPercent go together, with low below high (e.g. 90 and 80)"));
        }
        Path path = n.hasNonNull("path") ? HostPaths.resolve(n.get("path").asText(), host, configDir) : Path.of("/");
        return new PruneSpec.DiskSpec(path, n.path("alertAtPercent").asInt(PruneSpec.DiskSpec.DEFAULT_ALERT), high, low);
    }

    private static Age age(JsonNode n) {
        return n.hasNonNull("olderThan") ? Age.parse(n.get("olderThan").asText()) : null;
    }

    private static void error(Declared d, String rel, String message, Diagnostics diagnostics) {
        String pointer = d.pointer() + rel;
        diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer), d.doc().yamlPath(pointer), message));
    }

}
