package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import dev.factory.source.Bootstrap;
import dev.factory.source.ConfigSource;
import dev.factory.source.SourceException;
import dev.factory.source.SourceSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where commands write (results to out, diagnostics to err), and how they find and load the config. */
record Console(PrintWriter out, PrintWriter err, ConfigPrefetch prefetch) {

    Console(PrintWriter out, PrintWriter err) {
        this(out, err, ConfigPrefetch.NONE);
    }

    void diagnostics(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) err.println(d.format());
        err.flush();
    }

    /**
     * Finds the config (--config, else --repo, else the bootstrap file, else factory-config), fetching
     * it when it lives in git, and loads it; prints every diagnostic when it cannot be used.
     */
    /** Where the config comes from when it lives in git: the repo, and the bootstrap's pull-request setting. */
    record Source(SourceSpec spec, Path stateRoot, dev.factory.source.Bootstrap.PullRequests pullRequests) {}

    /** The git source of the config, if it comes from one; empty for --config DIR or the bundled factory-config. */
    java.util.Optional<Source> source(CommonOptions common) {
        if (common.config != null) return java.util.Optional.empty();
        Path stateRoot = common.stateDir;
        if (common.repo != null) {
            var spec = new SourceSpec(common.repo, common.ref, common.path, SourceSpec.VerifyMode.NONE, null);
            return java.util.Optional.of(new Source(spec, stateRoot != null ? stateRoot : defaultStateRoot(), null));
        }
        Path file = common.bootstrap != null ? common.bootstrap : Bootstrap.DEFAULT;
        if (common.bootstrap == null && !Files.isRegularFile(file)) return java.util.Optional.empty();
        var read = Bootstrap.read(file);
        if (read.bootstrap() == null) return java.util.Optional.empty();
        var b = read.bootstrap().source();
        var spec = new SourceSpec(b.url(), common.ref != null ? common.ref : b.ref(), common.path != null ? common.path : b.path(),
                b.verify(), b.allowedSigners());
        if (stateRoot == null) stateRoot = read.bootstrap().stateDir();
        return java.util.Optional.of(new Source(spec, stateRoot != null ? stateRoot : defaultStateRoot(), read.bootstrap().pullRequests()));
    }

    private static Path defaultStateRoot() {
        return Path.of(System.getProperty("user.home"), ".local", "state", "factory");
    }

    ConfigLoader.Result load(CommonOptions common) {
        return load(common, null);
    }

    /**
     * Loads the config {@code common} names with {@code loader} (a daemon's, which keeps the files it
     * parsed: its reconciles and the plans it answers then share one parse of each unchanged file);
     * null: a loader of this load's own.
     */
    ConfigLoader.Result load(CommonOptions common, ConfigLoader loader) {
        if (common.config != null) return load(common.config, List.of(), loader);
        SourceSpec spec = null;
        Path stateRoot = common.stateDir;
        if (common.repo != null) {
            spec = new SourceSpec(common.repo, common.ref, common.path, SourceSpec.VerifyMode.NONE, null);
        } else {
            Path file = common.bootstrap != null ? common.bootstrap : Bootstrap.DEFAULT;
            if (common.bootstrap != null || Files.isRegularFile(file)) {
                var read = Bootstrap.read(file);
                if (read.bootstrap() == null) {
                    diagnostics(read.diagnostics());
                    err.println("the bootstrap file " + file + " is not usable; nothing was planned or applied.");
                    return new ConfigLoader.Result(null, read.diagnostics(), 0);
                }
                var b = read.bootstrap().source();
                spec = new SourceSpec(b.url(), common.ref != null ? common.ref : b.ref(), common.path != null ? common.path : b.path(),
                        b.verify(), b.allowedSigners());
                if (stateRoot == null) stateRoot = read.bootstrap().stateDir();
            }
        }
        if (spec == null) return load(CommonOptions.DEFAULT_CONFIG, List.of(), loader);
        if (stateRoot == null) stateRoot = Path.of(System.getProperty("user.home"), ".local", "state", "factory");
        try {
            var checkout = ConfigSource.fetch(spec, stateRoot);
            return load(checkout.configDir(), checkout.warnings(), loader);
        } catch (SourceException | IOException e) {
            err.println("error: " + e.getMessage());
            err.println("nothing was planned or applied.");
            err.flush();
            return new ConfigLoader.Result(null, List.of(), 0);
        }
    }

    /** Loads a local config directory, with warnings found while fetching it put first. */
    ConfigLoader.Result load(Path configDir, List<Diagnostic> fetched) {
        return load(configDir, fetched, null);
    }

    private ConfigLoader.Result load(Path configDir, List<Diagnostic> fetched, ConfigLoader loader) {
        var prefetched = prefetch.take(configDir);
        var result = prefetched != null ? prefetched : (loader != null ? loader : dev.factory.app.Registry.configLoader()).load(configDir);
        var all = new ArrayList<>(fetched);
        all.addAll(result.diagnostics());
        if (!result.ok()) {
            diagnostics(all);
            long errors = all.stream().filter(Diagnostic::isError).count();
            err.println(errors + " error" + (errors == 1 ? "" : "s") + " in " + configDir + "; nothing was planned or applied.");
            err.flush();
        }
        return new ConfigLoader.Result(result.desired(), all, result.files());
    }

    void progress(String line) {
        synchronized (out) {
            out.println(dev.factory.runtime.Printable.escape(line));
            out.flush();
        }
    }
}
