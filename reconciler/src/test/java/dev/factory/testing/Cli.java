package dev.factory.testing;

import dev.factory.cli.Main;
import dev.factory.cli.Prompter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

/** Runs the real command line in-process and keeps what it printed. */
public final class Cli {
    public record Run(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private Cli() {}

    /** {@code args} followed by {@code --config config}: how the integration tests call every command. */
    public static String[] withConfig(java.nio.file.Path config, String... args) {
        var all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return all;
    }

    public static Run run(String... args) {
        return run(question -> Optional.empty(), args);
    }

    public static Run run(Prompter prompter, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), prompter);
        return new Run(code, out.toString(), err.toString());
    }
}
