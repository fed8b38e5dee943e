package dev.factory.lane;

import dev.factory.fs.TrustedPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * The receiving side of a guarded lane's pushes: the host clone (its {@code local} remote) refuses
 * non-fast-forward updates ({@code receive.denyNonFastForwards}), so a force push that went around
 * the guard still lands nowhere. The clone's {@code .git/config} is read and replaced by handle,
 * never through a link, keeping its owner and mode and the rest of its text.
 */
final class LocalRemoteGuard {
    private static final int MAX_CONFIG = 1 << 20;

    private LocalRemoteGuard() {}

    /** Sets it where it is not set; true when the config was changed. */
    static boolean refuseNonFastForwards(Path clone) throws IOException {
        try (var git = TrustedPath.open(clone.resolve(".git"))) {
            var attrs = git.stat("config").orElseThrow(() -> new IOException(clone + "/.git/config does not exist"));
            if (!attrs.isRegularFile()) {
                throw new IOException(clone + "/.git/config is not a regular file (a link?); it is left alone, and the lane not started");
            }
            var config = new Config();
            try {
                config.fromText(new String(git.read("config", MAX_CONFIG), StandardCharsets.UTF_8));
            } catch (ConfigInvalidException e) {
                throw new IOException(clone + "/.git/config cannot be read as git config (" + e.getMessage() + "); it is left alone", e);
            }
            if (config.getBoolean("receive", null, "denyNonFastForwards", false)) return false;
            config.setBoolean("receive", null, "denyNonFastForwards", true);
            git.replace("config", config.toText().getBytes(StandardCharsets.UTF_8), attrs.permissions());
            git.chown("config", attrs.owner(), attrs.group());
            return true;
        }
    }
}
