package dev.factory.kinds.stamp;

import dev.factory.config.Desired;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Payload;
import dev.factory.plan.ResourceKind;
import dev.factory.runtime.Sha256;
import dev.factory.state.AtomicFiles;
import dev.factory.state.Inventory;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A text file per stamp in STATE/stamps: observed from disk, diffed, written, and deleted when undeclared. */
final class StampKind implements ResourceKind {
    static final String KIND = "stamp";

    record StampPayload(String hash) {}

    private final Inventory inventory;
    private final StateDir stateDir;

    StampKind(Inventory inventory, StateDir stateDir) {
        this.inventory = inventory;
        this.stateDir = stateDir;
    }

    @Override
    public String kind() {
        return KIND;
    }

    private Path file(String name) {
        return stateDir.root().resolve("stamps").resolve(name);
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        var changes = new ArrayList<Change>();
        var observed = new TreeMap<String, String>();
        var wanted = desired.get(StampSection.SECTION);
        for (var e : wanted.entrySet()) {
            Address address = Address.of(KIND, e.getKey());
            String want = Sha256.hex(e.getValue());
            String have = read(e.getKey());
            observed.put(address.toString(), have == null ? "absent" : have);
            Action action = have == null ? Action.CREATE : have.equals(want) ? Action.NO_OP : Action.UPDATE;
            changes.add(Change.of(address, action, action == Action.NO_OP ? "up to date" : "text differs",
                    have == null ? null : new StampPayload(have), new StampPayload(want), List.of()));
        }
        inventory.all().forEach((address, entry) -> {
            if (KIND.equals(entry.kind()) && !wanted.containsKey(Address.parse(address).name())) {
                changes.add(Change.of(Address.parse(address), Action.DELETE, "no longer declared", null, null, List.of()));
            }
        });
        return new KindPlan(changes, List.of(), observed);
    }

    private String read(String name) {
        try {
            return Files.isRegularFile(file(name)) ? Sha256.hex(Files.readString(file(name))) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void apply(Change change, Desired desired) throws IOException {
        String name = change.address().name();
        if (change.action() == Action.DELETE) {
            Files.deleteIfExists(file(name));
            inventory.remove(change.address().toString());
            return;
        }
        String text = desired.get(StampSection.SECTION).get(name);
        if (!Sha256.hex(text).equals(Payload.read(change.after(), StampPayload.class).hash())) throw new IOException(change.address() + " changed since the plan");
        Files.createDirectories(file(name).getParent());
        AtomicFiles.write(file(name), text.getBytes(StandardCharsets.UTF_8));
        inventory.put(change.address().toString(), new Inventory.Entry(KIND, file(name).toString(), Sha256.hex(text), Instant.now(), null));
    }
}
