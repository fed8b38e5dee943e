package dev.factory.kinds.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.config.Age;
import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.HostPaths;
import dev.factory.config.HostSpec;
import dev.factory.config.Suggestions;
import dev.factory.kinds.repo.RepoSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads {@code runners:}: a repo (declared, or owner/name) or an org, a declared profile. */
public final class RunnerRules {
    private static final Pattern GITHUB_URL = Pattern.compile("(?:https?://[^/]+/|git@[^:]+:|ssh://git@[^/]+/)([^/]+)/([^/]+?)(?:\\.git)?/?$");

    private RunnerRules() {}

    public static Map<String, RunnerSpec> read(List<Declared> declared, HostSpec host, Path configDir, Map<String, RepoSpec> repos,
                                               Set<String> profiles, Diagnostics diagnostics) {
        var out = new TreeMap<String, RunnerSpec>();
        for (Declared d : declared) {
            JsonNode n = d.spec();
            RunnerRegistry.Scope scope = null;
            if (n.hasNonNull("org")) {
                scope = new RunnerRegistry.Scope(d.text("org"), null);
            } else {
                String repo = d.text("repo");
                if (repos.containsKey(repo)) {
                    var m = GITHUB_URL.matcher(repos.get(repo).url());
                    if (m.find()) scope = new RunnerRegistry.Scope(m.group(1), m.group(2));
                    else diagnostics.add(Diagnostic.error(d.at("repo"), d.path("repo"), "repo " + repo + "'s url is not a GitHub repository URL; write repo: owner/name"));
                } else if (repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
                    scope = new RunnerRegistry.Scope(repo.substring(0, repo.indexOf('/')), repo.substring(repo.indexOf('/') + 1));
                } else {
                    diagnostics.add(Diagnostic.error(d.at("repo"), d.path("repo"), "repo '" + repo + "' is neither a declared repo nor owner/name"
                            + Suggestions.didYouMean(repo, repos.keySet())));
                }
            }
            String profile = d.text("profile");
            if (!profiles.contains(profile)) {
                diagnostics.add(Diagnostic.error(d.at("profile"), d.path("profile"), "profile '" + profile + "' is not declared" + Suggestions.didYouMean(profile, profiles)));
            }
            var labels = new ArrayList<String>();
            n.path("labels").forEach(l -> labels.add(l.asText()));
            var mode = "service".equals(n.path("mode").asText("ephemeral")) ? RunnerSpec.Mode.SERVICE : RunnerSpec.Mode.EPHEMERAL;
            Path workDir = n.hasNonNull("workDir") ? HostPaths.resolve(n.get("workDir").asText(), host, configDir)
                    : Path.of("/srv/actions-runner", d.name());
            out.put(d.name(), new RunnerSpec(d.name(), scope, labels.isEmpty() ? RunnerSpec.DEFAULT_LABELS : labels, mode,
                    n.path("count").asInt(1), profile, n.path("group").asLong(1), workDir,
                    n.hasNonNull("offlineAfter") ? Age.parse(n.get("offlineAfter").asText()) : Age.parse("1h")));
        }
        return out;
    }
}
