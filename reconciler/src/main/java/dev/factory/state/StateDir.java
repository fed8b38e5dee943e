package dev.factory.state;

import dev.factory.config.HostSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where factory keeps what it owns and did: inventory, lock, journal, build logs. */
public record StateDir(Path root) {

    /** {@code --state-dir}, else the config's {@code host.stateDir}, else {@code ~/.local/state/factory}. */
    public static StateDir resolve(Path override, HostSpec host, Path configDir) {
        if (override != null) return new StateDir(override.toAbsolutePath().normalize());
        if (host != null && host.stateDir() != null) {
            return new StateDir(configDir.resolve(expandHome(host.stateDir())).toAbsolutePath().normalize());
        }
        return new StateDir(Path.of(System.getProperty("user.home"), ".local", "state", "factory"));
    }

    public static String expandHome(String path) {
        if (path.equals("~")) return System.getProperty("user.home");
        if (path.startsWith("~/")) return System.getProperty("user.home") + path.substring(1);
        return path;
    }

    public Path inventoryFile() {
        return root.resolve("inventory.json");
    }

    public Path lockFile() {
        return root.resolve("lock");
    }

    public Path journalFile() {
        return root.resolve("journal.jsonl");
    }

    /** Remembered digests of build-context files; safe to delete at any time (the next plan rehashes). */
    public Path contextCacheDir() {
        return root.resolve("cache").resolve("context");
    }

    /** What plans last read of each clone, reused while it is unchanged (see dev.factory.git.CloneReads); safe to delete at any time. */
    public Path cloneCacheDir() {
        return root.resolve("cache").resolve("clones");
    }

    /** The control socket of the daemon whose state dir this is (see dev.factory.daemon.ControlSocket). */
    public Path controlSocket() {
        return root.resolve("control").resolve("daemon.sock");
    }

    /** Where plans fetch the clones' remotes (see the repo kind); safe to delete at any time. */
    public Path remotesCacheDir() {
        return root.resolve("cache").resolve("remotes");
    }

    /** A profile's egress files: the proxy's configuration and relay tables, mounted read-only into its proxy and gate. */
    public Path egressDir(String profile) {
        return root.resolve("egress").resolve(profile);
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    public void create() throws IOException {
        Files.createDirectories(root);
        Files.createDirectories(logsDir());
    }
}
