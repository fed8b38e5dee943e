package dev.factory.kinds.repo;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.HostPaths;
import dev.factory.config.HostSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code repos:}; two repos may not share a path. */
public final class RepoRules {
    private RepoRules() {}

    public static Map<String, RepoSpec> read(List<Declared> declared, HostSpec host, Path configDir, dev.factory.config.ConfigTree tree,
                                             Diagnostics diagnostics) {
        var out = new TreeMap<String, RepoSpec>();
        var byPath = new HashMap<Path, String>();
        for (Declared d : declared) {
            Path path = HostPaths.resolve(d.text("path"), host, configDir);
            String branch = d.text("branch") != null ? d.text("branch") : RepoSpec.DEFAULT_BRANCH;
            var worktrees = d.spec().path("worktrees");
            Path worktreesDir = worktrees.hasNonNull("dir") ? HostPaths.resolve(worktrees.get("dir").asText(), host, configDir) : null;
            String other = byPath.putIfAbsent(path, d.name());
            if (other != null) {
                diagnostics.add(Diagnostic.error(d.at("path"), d.path("path"), "repos " + other + " and " + d.name() + " share the path " + path));
            }
            Path agentsMd = d.text("agentsMd") == null ? null : configDir.resolve(d.text("agentsMd")).normalize();
            var outside = agentsMd == null ? java.util.Optional.<String>empty() : tree.outside(agentsMd);
            if (outside.isPresent()) {
                diagnostics.add(Diagnostic.error(d.at("agentsMd"), d.path("agentsMd"), "AGENTS.md source " + outside.get()));
            } else if (agentsMd != null && !java.nio.file.Files.isRegularFile(agentsMd)) {
                diagnostics.add(Diagnostic.error(d.at("agentsMd"), d.path("agentsMd"), "AGENTS.md source " + agentsMd + " does not exist in the config directory"));
            }
            var interval = RepoSpec.DEFAULT_INTERVAL;
            if (d.text("interval") != null) {
                try {
                    interval = dev.factory.config.Age.parse(d.text("interval")).duration();
                } catch (IllegalArgumentException e) {
                    diagnostics.add(Diagnostic.error(d.at("interval"), d.path("interval"), e.getMessage()));
                }
            }
            out.put(d.name(), new RepoSpec(d.name(), d.text("url"), path, branch, worktreesDir, d.at(), agentsMd, interval));
        }
        return out;
    }
}
