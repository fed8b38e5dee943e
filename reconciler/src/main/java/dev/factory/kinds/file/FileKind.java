package dev.factory.kinds.file;

import dev.factory.config.Desired;
import dev.factory.kinds.container.ContainerKind;
import dev.factory.kinds.image.BuildInputs;
import dev.factory.kinds.mcp.CodexRenderer;
import dev.factory.kinds.mcp.JsonRenderer;
import dev.factory.kinds.mcp.McpClient;
import dev.factory.kinds.mcp.McpServer;
import dev.factory.kinds.mcp.Rendered;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.ResourceKind;
import dev.factory.secrets.SecretStore;
import dev.factory.state.Inventory;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Rendered files: declared files, MCP client configs, per-repo AGENTS.md. Owned through the inventory. */
public final class FileKind implements ResourceKind {
    private final Inventory inventory;
    private final StateDir stateDir;

    public FileKind(Inventory inventory, StateDir stateDir) {
        this.inventory = inventory;
        this.stateDir = stateDir;
    }

    @Override
    public String kind() {
        return FileSpec.KIND;
    }

    /** Where a repo's AGENTS.md is rendered, for lanes to mount. */
    public static Path agentsMdPath(StateDir stateDir, String repo) {
        return stateDir.root().resolve("rendered").resolve("agents").resolve(repo).resolve("AGENTS.md");
    }

    public List<FileSpec> desiredFiles(Desired desired) {
        var out = new ArrayList<FileSpec>();
        try {
            for (FileDecl f : desired.files().values()) {
                String content = f.source() != null ? Files.readString(f.source()) : f.content();
                out.add(FileSpec.of(Address.of(FileSpec.KIND, f.name()), f.path(), content).withMode(f.mode()));
            }
            for (RepoSpec repo : desired.repos().values()) {
                if (repo.agentsMd() == null) continue;
                out.add(FileSpec.of(Address.of(FileSpec.KIND, "agents/" + repo.name()), agentsMdPath(stateDir, repo.name()),
                        Files.readString(repo.agentsMd())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!desired.runners().isEmpty()) {
            var host = desired.host();
            out.add(FileSpec.of(Address.of(FileSpec.KIND, "systemd/" + dev.factory.kinds.runner.RunnerUnit.TEMPLATE),
                    Path.of(host.unitDir()).resolve(dev.factory.kinds.runner.RunnerUnit.TEMPLATE),
                    dev.factory.kinds.runner.RunnerUnit.render(host.factoryBin(), desired.configDir(), stateDir.root())));
        }
        SecretStore secrets = ContainerKind.secretStore(desired);
        for (McpClient client : desired.mcp().clients().values()) {
            List<McpServer> servers = client.servers().stream().map(desired.mcp().servers()::get).toList();
            Rendered r = client.format() == McpClient.Format.CODEX_TOML ? CodexRenderer.render(client, servers) : JsonRenderer.render(client, servers);
            var blockers = new ArrayList<String>();
            var warnings = new ArrayList<>(r.warnings());
            var loose = new LinkedHashSet<Path>();
            for (McpServer s : servers) {
                var values = new HashMap<String, String>();
                s.env().forEach((k, v) -> values.put("env " + k, v));
                s.headers().forEach((k, v) -> values.put("header " + k, v));
                values.forEach((what, v) -> {
                    secrets.problems(v).stream().filter(p -> p.startsWith("${secret:"))
                            .forEach(p -> blockers.add("server " + s.name() + " " + what + ": " + p));
                    secrets.filesIn(v).stream().filter(Files::isRegularFile).forEach(loose::add);
                });
            }
            loose.forEach(f -> SecretStore.looseMode(f).ifPresent(warnings::add));
            boolean namesSecrets = servers.stream().anyMatch(s -> s.env().values().stream().anyMatch(dev.factory.config.SecretScanner::isSecretReference)
                    || s.headers().values().stream().anyMatch(dev.factory.config.SecretScanner::isSecretReference));
            String mode = client.mode() != null ? client.mode() : namesSecrets ? FileSpec.PRIVATE_MODE : FileSpec.DEFAULT_MODE;
            out.add(new FileSpec(Address.of(FileSpec.KIND, client.name() + "/" + client.path().getFileName()), client.path(), r.content(),
                    r.errors(), blockers, warnings, mode));
        }
        return out;
    }

    /** The host user's home: files rendered below it are given its owner, so that user (and the agents it runs) can read them. */
    private static Path homeOf(Desired desired) {
        return desired.host().home() == null ? null : dev.factory.config.HostPaths.resolve("~", desired.host(), desired.configDir());
    }

    /** Rendered files larger than this are not read back for a diff (none of factory's comes near). */
    static final int MAX_FILE = 16 << 20;

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        var specs = desiredFiles(desired);
        var paths = new LinkedHashSet<Path>();
        specs.forEach(s -> paths.add(s.path()));
        inventory.all().values().stream().filter(e -> FileSpec.KIND.equals(e.kind()) && e.id() != null).forEach(e -> paths.add(Path.of(e.id())));
        var disk = new HashMap<Path, byte[]>();
        var modes = new HashMap<Path, String>();
        var blocked = new HashMap<Path, String>();
        for (Path p : paths) {
            try {
                var state = OnDisk.read(p);
                if (state.content() != null) disk.put(p, state.content());
                if (state.mode() != null) modes.put(p, state.mode());
                if (state.blocked() != null) blocked.put(p, state.blocked());
            } catch (IOException e) {
                blocked.put(p, "cannot read: " + e.getMessage());
            }
        }
        return FilePlanner.plan(specs, disk, modes, blocked, inventory.all());
    }

    @Override
    public void apply(Change change, Desired desired) throws IOException {
        String address = change.address().toString();
        if (change.action() == Action.DELETE) {
            var entry = inventory.get(address).orElse(null);
            if (entry != null) {
                Path path = Path.of(entry.id());
                boolean stillDesired = desiredFiles(desired).stream().anyMatch(s -> s.path().equals(path));
                if (!stillDesired) OnDisk.deleteIfUnchanged(address, path, entry.hash());
            }
            inventory.remove(address);
            return;
        }
        FileSpec spec = desiredFiles(desired).stream().filter(s -> s.address().toString().equals(address)).findFirst()
                .orElseThrow(() -> new IOException(address + " is no longer declared; run factory plan again"));
        byte[] content = spec.content().getBytes(StandardCharsets.UTF_8);
        String hash = dev.factory.runtime.Sha256.hex(content);
        if (change.after() != null && !hash.equals(change.after().get("hash"))) {
            throw new IOException(address + ": its content changed after the plan was made; run factory plan again");
        }
        boolean owned = inventory.all().values().stream().anyMatch(e -> FileSpec.KIND.equals(e.kind()) && spec.path().toString().equals(e.id()));
        OnDisk.write(address, spec.path(), content, owned, spec.permissions(), homeOf(desired));
        inventory.put(address, new Inventory.Entry(FileSpec.KIND, spec.path().toString(), hash, Instant.now(), null));
    }
}
