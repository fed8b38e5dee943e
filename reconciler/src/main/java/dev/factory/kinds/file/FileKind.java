package dev.factory.kinds.file;

import dev.factory.config.Desired;
import dev.factory.engine.RenderedFile;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Payload;
import dev.factory.plan.ResourceKind;
import dev.factory.state.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rendered files: the declared ones, and the files other kinds render (a repo's AGENTS.md, the
 * runner unit, MCP client configs), handed in by the engine. Owned through the inventory.
 */
public final class FileKind implements ResourceKind {
    private final Inventory inventory;
    private final Function<Desired, List<RenderedFile>> contributed;

    private final WarmFiles warm;

    public FileKind(Inventory inventory, Function<Desired, List<RenderedFile>> contributed) {
        this(inventory, contributed, null);
    }

    /** @param warm files kept read between this process's plans; null to read each afresh */
    public FileKind(Inventory inventory, Function<Desired, List<RenderedFile>> contributed, WarmFiles warm) {
        this.inventory = inventory;
        this.contributed = contributed;
        this.warm = warm;
    }

    @Override
    public String kind() {
        return RenderedFile.KIND;
    }

    /** Every file to render: the declared ones first, then the other kinds' in registry order. */
    public List<RenderedFile> desiredFiles(Desired desired) {
        var out = new ArrayList<RenderedFile>();
        try {
            for (FileDecl f : desired.get(FileSection.SECTION).values()) {
                String content = f.source() != null ? Files.readString(f.source()) : f.content();
                out.add(RenderedFile.of(Address.of(RenderedFile.KIND, f.name()), f.path(), content).withMode(f.mode()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.addAll(contributed.apply(desired));
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
        long t0 = System.nanoTime();
        var specs = desiredFiles(desired);
        dev.factory.runtime.Timing.mark("file: " + specs.size() + " files rendered", t0);
        var paths = new LinkedHashSet<Path>();
        specs.forEach(s -> paths.add(s.path()));
        inventory.all().values().stream().filter(e -> RenderedFile.KIND.equals(e.kind()) && e.id() != null).forEach(e -> paths.add(Path.of(e.id())));
        var disk = new HashMap<Path, byte[]>();
        var modes = new HashMap<Path, String>();
        var blocked = new HashMap<Path, String>();
        long t = System.nanoTime();
        if (warm != null) warm.sync();
        var cold = warm == null ? OnDisk.readAll(paths) : null;
        for (Path p : paths) {
            try {
                var state = cold != null ? cold.get(p).get() : warm.read(p);
                if (state.content() != null) disk.put(p, state.content());
                if (state.mode() != null) modes.put(p, state.mode());
                if (state.blocked() != null) blocked.put(p, state.blocked());
            } catch (IOException e) {
                blocked.put(p, "cannot read: " + e.getMessage());
            }
        }
        if (warm != null) warm.retain(paths);
        dev.factory.runtime.Timing.mark("file: " + paths.size() + " files read", t);
        t = System.nanoTime();
        var plan = FilePlanner.plan(specs, disk, modes, blocked, inventory.all());
        dev.factory.runtime.Timing.mark("file: planned", t);
        return plan;
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
        RenderedFile spec = desiredFiles(desired).stream().filter(s -> s.address().toString().equals(address)).findFirst()
                .orElseThrow(() -> new IOException(address + " is no longer declared; run factory plan again"));
        byte[] content = spec.content().getBytes(StandardCharsets.UTF_8);
        String hash = dev.factory.runtime.Sha256.hex(content);
        if (change.after() != null && !hash.equals(Payload.read(change.after(), FilePayload.class).hash())) {
            throw new IOException(address + ": its content changed after the plan was made; run factory plan again");
        }
        boolean owned = inventory.all().values().stream().anyMatch(e -> RenderedFile.KIND.equals(e.kind()) && spec.path().toString().equals(e.id()));
        OnDisk.write(address, spec.path(), content, owned, spec.permissions(), homeOf(desired));
        inventory.put(address, new Inventory.Entry(RenderedFile.KIND, spec.path().toString(), hash, Instant.now(), null));
    }
}
