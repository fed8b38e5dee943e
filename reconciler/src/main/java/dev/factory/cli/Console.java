package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import java.io.PrintWriter;
import java.util.List;

/** Where commands write: results to out, diagnostics and progress notes to err. */
record Console(PrintWriter out, PrintWriter err) {

    void diagnostics(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) err.println(d.format());
        err.flush();
    }

    /** Loads the config, printing every diagnostic; null when it has errors. */
    ConfigLoader.Result load(java.nio.file.Path configDir) {
        var result = new ConfigLoader().load(configDir);
        if (!result.ok()) {
            diagnostics(result.diagnostics());
            long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
            err.println(errors + " error" + (errors == 1 ? "" : "s") + " in " + configDir + "; nothing was planned or applied.");
            err.flush();
        }
        return result;
    }

    void progress(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
