package dev.factory.kinds.egress;

import dev.factory.config.Diagnostic;
import dev.factory.config.SourceLocation;
import dev.factory.engine.port.EngineContainer;
import dev.factory.kinds.network.NetworkEngine;
import dev.factory.kinds.volume.VolumeEngine;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Owner;
import dev.factory.plan.Ownership;
import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import dev.factory.kinds.container.EgressSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pure diff for egress: for each profile whose egress is on, its internal network, the volume
 * its proxy and gate share, the two containers and the files they read, against what the engine
 * and the state dir hold. One change per profile, naming every part that differs.
 */
final class EgressPlanner {
    static final String KIND = "egress";
    static final String ROLE = "dev.factory.egress.role";
    static final String KNOWN_AFTER_APPLY = "(known after apply)";

    private EgressPlanner() {}

    /**
     * One profile's wanted egress. {@code imageId} is null when the image is still to be built
     * ({@code imageWhy} says why, {@code imagePending} whether that is a planned build) or unknown.
     */
    record Wanted(String profile, EgressPolicy policy, Map<String, String> files, String imageId, boolean imagePending, String imageWhy,
                  Address image, SourceLocation at) {
        Address address() {
            return Address.of(KIND, profile);
        }

        EgressPolicy.Layout layout() {
            return policy.layout();
        }
    }

    /** What is live: the engine's lists, and each profile's files as the state dir holds them (null when absent or unreadable). */
    record Live(List<EngineContainer> containers, List<NetworkEngine.EngineNetwork> networks, List<VolumeEngine.EngineVolume> volumes,
                Map<String, Map<String, String>> files) {}

    static String networkHash(EgressPolicy.Layout layout) {
        return digest("internal|inhibit_ipv4|" + layout.subnet());
    }

    static String proxyHash(String imageId, EgressPolicy.Layout layout, Map<String, String> files) {
        return digest(imageId + "|" + layout.proxyListen() + "|" + files.get("squid.conf") + "|" + files.get("hosts") + "|" + files.get("relays"));
    }

    static String gateHash(String imageId, EgressPolicy.Layout layout, Map<String, String> files) {
        return digest(imageId + "|" + layout.network() + "|" + layout.gateAddress() + "|" + files.get("listens"));
    }

    static KindPlan plan(Owner owner, Map<String, Wanted> wanted, Live live, Map<Address, Change> earlier) {
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var observed = new TreeMap<String, String>();
        for (Wanted w : new TreeMap<>(wanted).values()) changes.add(planOne(owner, w, live, observed, diagnostics));
        // what made way for an undeclared egress must go first: its containers, deleted or moved to another network
        var containersFirst = earlier.values().stream().filter(c -> c.address().kind().equals("container")
                && (c.action() == Action.DELETE || c.action() == Action.REPLACE)).map(Change::address).toList();
        var gone = new java.util.TreeSet<String>();
        for (var c : Ownership.undeclared(live.containers(), KIND, wanted.keySet(), x -> owner.owns(x.labels(), x.id()), EngineContainer::labels)) gone.add(c.address().name());
        for (var n : Ownership.undeclared(live.networks(), KIND, wanted.keySet(), x -> owner.owns(x.labels(), x.id()), NetworkEngine.EngineNetwork::labels)) gone.add(n.address().name());
        for (var v : Ownership.undeclared(live.volumes(), KIND, wanted.keySet(), x -> owner.owns(x.labels(), x.name()), VolumeEngine.EngineVolume::labels)) gone.add(v.address().name());
        for (String profile : gone) {
            Address address = Address.of(KIND, profile);
            observed.put(address.toString(), "present");
            changes.add(Change.of(address, Action.DELETE, "no profile enforces or audits egress as " + profile + " any more",
                    EgressPayload.live(null, null, null), null, containersFirst));
        }
        return new KindPlan(changes, diagnostics, observed);
    }

    private static Change planOne(Owner owner, Wanted w, Live live, Map<String, String> observed, List<Diagnostic> diagnostics) {
        var layout = w.layout();
        Address address = w.address();
        var net = live.networks().stream().filter(n -> n.name().equals(layout.network())).findFirst().orElse(null);
        var volume = live.volumes().stream().filter(v -> v.name().equals(layout.volume())).findFirst().orElse(null);
        var proxy = container(live, layout.proxyContainer());
        var gate = container(live, layout.gateContainer());
        observed.put(address.toString(), (net == null ? "-" : net.id()) + ":" + state(proxy) + ":" + state(gate));
        var deps = w.image() == null ? List.<Address>of() : List.of(w.image());
        String netHash = networkHash(layout);
        String proxyHash = w.imageId() == null ? KNOWN_AFTER_APPLY : proxyHash(w.imageId(), layout, w.files());
        String gateHash = w.imageId() == null ? KNOWN_AFTER_APPLY : gateHash(w.imageId(), layout, w.files());
        var after = new EgressPayload(w.policy().mode().word(), w.policy().allow().stream().map(EgressRule::toString).toList(),
                List.copyOf(w.policy().endpoints().keySet()), layout.network(), layout.subnet(), proxyHash, gateHash);

        var taken = new ArrayList<String>();
        if (net != null && !owner.owns(net.labels(), net.id())) taken.add("network " + layout.network());
        if (volume != null && !owner.owns(volume.labels(), volume.name())) taken.add("volume " + layout.volume());
        if (proxy != null && !proxy.ownedBy(owner)) taken.add("container " + layout.proxyContainer());
        if (gate != null && !gate.ownedBy(owner)) taken.add("container " + layout.gateContainer());
        if (!taken.isEmpty()) {
            diagnostics.add(Diagnostic.error(w.at(), "profiles." + w.profile() + ".egress", address + ": " + String.join(", ", taken)
                    + " exists and factory does not own it; remove or rename it (factory never touches what it did not make)"));
            return Change.of(address, Action.UNKNOWN, "name taken: " + String.join(", ", taken), null, after, deps);
        }
        if (w.imageId() == null && !w.imagePending()) {
            return Change.of(address, Action.UNKNOWN, w.imageWhy(), null, after, deps);
        }
        if (net == null && volume == null && proxy == null && gate == null) {
            return Change.of(address, Action.CREATE, "not set up yet", null, after, deps);
        }
        var before = EgressPayload.live(net == null ? null : net.labels().get(Ownership.HASH), proxy == null ? null : proxy.label(Ownership.HASH),
                gate == null ? null : gate.label(Ownership.HASH));
        if (net != null && !netHash.equals(net.labels().get(Ownership.HASH))) {
            return Change.of(address, Action.REPLACE, "network " + layout.network() + " changed: now " + layout.subnet(), before, after, deps);
        }
        var differ = new LinkedHashSet<String>();
        if (net == null) differ.add("network missing");
        if (volume == null) differ.add("volume missing");
        if (w.imagePending()) differ.add(w.imageWhy());
        differ.addAll(part("proxy", proxy, proxyHash));
        differ.addAll(part("gate", gate, gateHash));
        if (!w.files().equals(live.files().get(w.profile()))) differ.add("files in the state dir differ");
        if (differ.isEmpty()) return Change.of(address, Action.NO_OP, "enforced" + (w.policy().mode() == EgressPolicy.Mode.AUDIT ? " (audit)" : ""),
                before, after, deps);
        return Change.of(address, Action.UPDATE, String.join(", ", differ), before, after, deps);
    }

    private static List<String> part(String role, EngineContainer c, String hash) {
        if (c == null) return List.of(role + " missing");
        var out = new ArrayList<String>();
        if (!hash.equals(KNOWN_AFTER_APPLY) && !hash.equals(c.label(Ownership.HASH))) out.add(role + " configuration changed");
        if (!c.isUp()) out.add(role + " " + c.state());
        return out;
    }

    private static EngineContainer container(Live live, String name) {
        return live.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static String state(EngineContainer c) {
        return c == null ? "-" : c.id() + "/" + c.state();
    }

    static String digest(String value) {
        return dev.factory.runtime.Sha256.hex(value).substring(0, 16);
    }
}
