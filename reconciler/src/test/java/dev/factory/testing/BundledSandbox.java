package dev.factory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The user's own factory-config and images, copied into a git repository of their own with every
 * host path moved into the sandbox and the Docker engine pointed at a socket that does not exist:
 * the bundled config, planned anywhere, the same way every time.
 */
public final class BundledSandbox {
    private BundledSandbox() {}

    /** Builds the sandbox under {@code root} and returns its config directory. */
    public static Path create(Path root) throws IOException {
        Path repoRoot = Path.of("").toAbsolutePath().getParent();
        copyTree(repoRoot.resolve("factory-config"), root.resolve("factory-config"));
        copyTree(repoRoot.resolve("images"), root.resolve("images"));
        // a config repo, as the project's own is: its images/ is inside its git work tree, so the config may read it
        try {
            org.eclipse.jgit.api.Git.init().setDirectory(root.toFile()).call().close();
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IOException(e);
        }
        Path config = root.resolve("factory-config");
        Path home = Files.createDirectories(root.resolve("home"));
        Files.createDirectories(root.resolve("secrets"));
        Files.writeString(config.resolve("host.yaml"), "host:\n  name: fuzz\n  stateDir: " + root.resolve("state") + "\n"
                + "  dockerHost: unix://" + root.resolve("no-docker.sock") + "\n  home: " + home + "\n"
                + "  secretsDir: " + root.resolve("secrets") + "\n  disk: {path: " + root + ", highPercent: 99, lowPercent: 98}\n");
        String repos = Files.readString(config.resolve("repos.yaml"))
                .replaceAll("url: \\S+", "url: file://" + root.resolve("no-such-remote.git"))
                .replaceAll("path: /\\S+/([\\w-]+)", "path: " + root.resolve("clones") + "/$1");
        Files.writeString(config.resolve("repos.yaml"), repos);
        String runners = Files.readString(config.resolve("runners.yaml")).replaceAll("repo: ([\\w-]+)", "repo: example/$1");
        Files.writeString(config.resolve("runners.yaml"), runners);
        return config;
    }

    /**
     * The bundled config made to run for real on the engine at {@code dockerHost}, with test images:
     * each declared image keeps its name and its place in the chain, built from a busybox context
     * without a RUN step (the egress proxy a stand-in that says it serves and sleeps; factory-base
     * with a {@code pnpm} that only echoes, for prune's command); each repo a bare repository in
     * {@code top/remotes}; the sandbox in {@code top/sandbox}, with the operator's home and secrets
     * directory holding the files the profiles mount; systemd is {@link FakeSystemctl} (its state
     * in {@code sandbox/systemd-state}); a profile's CPUs at most this machine's. GitHub is whatever {@code GITHUB_API_URL} and {@code
     * GH_TOKEN} in factory's environment say. Returns the config directory.
     */
    public static Path runnable(Path top, String dockerHost) throws IOException {
        Path root = top.resolve("sandbox");
        Path remotes = Files.createDirectories(top.resolve("remotes"));
        Path config = create(root);
        Path home = root.resolve("home");
        for (String dir : List.of(".config/gh", ".claude", "Projects/pkm-agent", "agent-workspaces", ".codex")) {
            Files.createDirectories(home.resolve(dir));
        }
        Files.writeString(home.resolve(".codex/auth.json"), "{}\n");
        Files.writeString(home.resolve(".claude.json"), "{}\n");
        Path secrets = root.resolve("secrets");
        Files.writeString(secrets.resolve("slack.env"), "ALERT_WEBHOOK=http://127.0.0.1:9/never-called\n");
        Files.setPosixFilePermissions(secrets.resolve("slack.env"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path systemctl = FakeSystemctl.write(root.resolve("systemctl"), root.resolve("systemd-state"));
        Files.writeString(config.resolve("host.yaml"), "host:\n  name: bundled\n  stateDir: " + root.resolve("state") + "\n"
                + "  dockerHost: " + dockerHost + "\n  home: " + home + "\n  secretsDir: " + secrets + "\n"
                + "  disk: {path: " + root + ", highPercent: 99, lowPercent: 98}\n"
                + "  systemd: {unitDir: " + Files.createDirectories(root.resolve("units")) + ", systemctl: " + systemctl
                + ", factoryBin: /usr/local/bin/factory}\n");
        // the user's host has 8 cores; the engine refuses a container asking for more CPUs than this machine has
        int cpus = Runtime.getRuntime().availableProcessors();
        var profiles = new StringBuilder();
        var asked = java.util.regex.Pattern.compile("cpus: (\\d+)").matcher(Files.readString(config.resolve("profiles.yaml"))
                .replace("source: /srv/aina-hq/.secrets,", "source: " + secrets + ","));
        while (asked.find()) asked.appendReplacement(profiles, "cpus: " + Math.min(cpus, Integer.parseInt(asked.group(1))));
        asked.appendTail(profiles);
        Files.writeString(config.resolve("profiles.yaml"), profiles.toString());

        var repos = new StringBuilder();
        String repo = null;
        for (String line : Files.readString(config.resolve("repos.yaml")).split("\n", -1)) {
            var name = java.util.regex.Pattern.compile("^  ([\\w-]+):$").matcher(line);
            if (name.matches()) repo = name.group(1);
            if (line.strip().startsWith("url: ") && repo != null) {
                line = "    url: " + GitCli.bareWithCommit(remotes, repo, "README.md", "# " + repo + "\n").toUri();
            }
            repos.append(line).append('\n');
        }
        Files.writeString(config.resolve("repos.yaml"), repos.toString().stripTrailing() + "\n");
        Files.writeString(config.resolve("images.yaml"), testImages(root, Files.readString(config.resolve("images.yaml"))));
        return config;
    }

    /** images.yaml with every image's name and parent kept, each built from a test context under {@code root/test-images}. */
    static String testImages(Path root, String bundled) throws IOException {
        var parents = new java.util.LinkedHashMap<String, String>();
        String image = null;
        for (String line : bundled.split("\n")) {
            var name = java.util.regex.Pattern.compile("^  ([\\w-]+):\\s*$").matcher(line);
            var from = java.util.regex.Pattern.compile("^    from: (\\S+)").matcher(line);
            if (name.matches()) image = name.group(1);
            else if (from.find() && image != null) parents.put(image, from.group(1));
        }
        var yaml = new StringBuilder("# the bundled images' names and chain, each built from a test context (BundledSandbox.runnable)\nimages:\n");
        for (var e : parents.entrySet()) {
            String parent = parents.containsKey(e.getValue()) ? e.getValue() : "scratch";
            Path context = Files.createDirectories(root.resolve("test-images").resolve(e.getKey()));
            Files.writeString(context.resolve("name.txt"), e.getKey() + "\n");
            var dockerfile = new StringBuilder("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n");
            if (parent.equals("scratch")) {
                Path bin = Files.createDirectories(context.resolve("bin"));
                Files.copy(TestImages.BUSYBOX, bin.resolve("busybox"));
                for (String applet : List.of("sh", "df", "awk", "echo", "cat", "sleep", "touch", "test", "true", "ls")) {
                    Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
                }
                Files.writeString(bin.resolve("pnpm"), "#!/bin/sh\necho \"pnpm (test stand-in) $*\"\n");
                Files.writeString(bin.resolve("factory-egress"), "#!/bin/sh\n# test stand-in: says it serves, then waits\n"
                        + "touch /dev/shm/factory-egress-ready\nexec sleep 2147483647\n");
                bin.resolve("pnpm").toFile().setExecutable(true, false);
                bin.resolve("factory-egress").toFile().setExecutable(true, false);
                dockerfile.append("COPY bin /bin\n");
            }
            dockerfile.append("COPY name.txt /etc/factory-test-image\n");
            if (e.getKey().equals("egress-proxy")) dockerfile.append("ENTRYPOINT [\"/bin/factory-egress\"]\n");
            Files.writeString(context.resolve("Dockerfile"), dockerfile.toString());
            yaml.append("  ").append(e.getKey()).append(": {context: ../test-images/").append(e.getKey()).append(", from: ").append(parent).append("}\n");
        }
        return yaml.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
