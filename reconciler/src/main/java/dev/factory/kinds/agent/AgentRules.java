package dev.factory.kinds.agent;

import dev.factory.config.ConfigTree;
import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.HostPaths;
import dev.factory.config.HostSpec;
import dev.factory.config.Suggestions;
import dev.factory.kinds.container.ProfileSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@code agents:}. With none declared, the two the lanes always knew: codex (profile lane) and
 * claude (profile agent). Each agent's profile must be declared, its instructions a file of the
 * config directory, its configDir its own, and its instructions must not land inside a host
 * directory the profile shares (the mount would create the file there).
 */
public final class AgentRules {
    private AgentRules() {}

    /** The agents a config without {@code agents:} has. */
    public static final Map<String, AgentSpec> DEFAULTS = Map.of(
            "codex", new AgentSpec("codex", AgentCli.CODEX, "lane", null, null, null),
            "claude", new AgentSpec("claude", AgentCli.CLAUDE, "agent", null, null, null));

    /** What a configDir at {@code dir} would hand the agent besides its own config: the home, the config or the state directory; or null. */
    static String covered(Path dir, HostSpec host, Path configDir) {
        var places = new java.util.LinkedHashMap<String, Path>();
        places.put("the operator's home", HostPaths.resolve("~", host, configDir));
        places.put("the config directory", configDir.toAbsolutePath().normalize());
        if (host.stateDir() != null) places.put("factory's state directory", HostPaths.resolve(host.stateDir(), host, configDir));
        for (var e : places.entrySet()) {
            if (e.getValue().startsWith(dir)) return e.getKey() + " (" + e.getValue() + ")";
        }
        return null;
    }

    public static Map<String, AgentSpec> read(List<Declared> declared, HostSpec host, Path configDir, ConfigTree tree,
                                              Map<String, ProfileSpec> profiles, Diagnostics diagnostics) {
        if (declared.isEmpty()) return new TreeMap<>(DEFAULTS);
        var out = new TreeMap<String, AgentSpec>();
        var byConfigDir = new HashMap<Path, String>();
        for (Declared d : declared) {
            AgentCli cli = AgentCli.of(d.text("cli"));
            String profileName = d.text("profile");
            ProfileSpec profile = profiles.get(profileName);
            if (profile == null) {
                diagnostics.add(Diagnostic.error(d.at("profile"), d.path("profile"), "agent " + d.name() + ": profile '" + profileName
                        + "' is not declared in profiles" + Suggestions.didYouMean(profileName, profiles.keySet())));
            }
            Path own = d.text("configDir") == null ? null : HostPaths.resolve(d.text("configDir"), host, configDir);
            String covers = own == null ? null : covered(own, host, configDir);
            if (covers != null) {
                diagnostics.add(Diagnostic.error(d.at("configDir"), d.path("configDir"), "agent " + d.name() + ": configDir " + own
                        + " holds " + covers + "; the agent writes its config dir, so give it a directory of its own, e.g. ~/.factory/agents/"
                        + d.name()));
                own = null;
            }
            String other = own == null ? null : byConfigDir.putIfAbsent(own, d.name());
            if (other != null) {
                diagnostics.add(Diagnostic.error(d.at("configDir"), d.path("configDir"), "agents " + other + " and " + d.name()
                        + " share the configDir " + own + "; each agent needs its own (it holds the agent's auth)"));
            }
            Path instructions = d.text("instructions") == null ? null : configDir.resolve(d.text("instructions")).normalize();
            if (instructions != null) {
                Optional<String> outside = tree.outside(instructions);
                if (outside.isPresent()) {
                    diagnostics.add(Diagnostic.error(d.at("instructions"), d.path("instructions"), "agent " + d.name() + ": instructions " + outside.get()));
                } else if (!Files.isRegularFile(instructions)) {
                    diagnostics.add(Diagnostic.error(d.at("instructions"), d.path("instructions"), "agent " + d.name() + ": instructions "
                            + instructions + " does not exist in the config directory"));
                }
            }
            var agent = new AgentSpec(d.name(), cli, profileName, own, instructions, d.at());
            if (profile != null && instructions != null) {
                AgentLanes.sharedHostDirAt(agent, profile.mounts(), cli.instructionsSlot()).ifPresent(m -> diagnostics.add(Diagnostic.error(
                        d.at("instructions"), d.path("instructions"), "agent " + d.name() + ": its instructions would be mounted at "
                                + cli.instructionsSlot() + ", inside profile " + profileName + "'s mount of " + m.source()
                                + ", which would create the file there on the host; give the agent a configDir of its own")));
            }
            out.put(d.name(), agent);
        }
        return out;
    }
}
