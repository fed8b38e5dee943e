package dev.factory.kinds.file;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.HostPaths;
import dev.factory.config.HostSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code files:}: absolute targets, sources inside the config directory. */
public final class FileRules {
    private FileRules() {}

    public static Map<String, FileDecl> read(List<Declared> declared, HostSpec host, Path configDir, dev.factory.config.ConfigTree tree,
                                             Diagnostics diagnostics) {
        var out = new TreeMap<String, FileDecl>();
        for (Declared d : declared) {
            String target = d.text("path");
            if (!target.startsWith("/") && !target.startsWith("~")) {
                diagnostics.add(Diagnostic.error(d.at("path"), d.path("path"), "file " + d.name() + ": path must be an absolute host path or ~/..."));
            }
            Path source = d.text("source") == null ? null : configDir.resolve(d.text("source")).normalize();
            var outside = source == null ? java.util.Optional.<String>empty() : tree.outside(source);
            if (outside.isPresent()) {
                diagnostics.add(Diagnostic.error(d.at("source"), d.path("source"), "file " + d.name() + ": source " + outside.get()));
            } else if (source != null && (!source.startsWith(configDir) || !Files.isRegularFile(source))) {
                diagnostics.add(Diagnostic.error(d.at("source"), d.path("source"), "file " + d.name() + ": source " + source
                        + " is not a file inside the config directory"));
            }
            out.put(d.name(), new FileDecl(d.name(), HostPaths.resolve(target, host, configDir), source, d.text("content"), d.text("mode")));
        }
        return out;
    }
}
