package dev.factory.kinds.egress;

import dev.factory.config.Desired;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.ImageEngine;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import dev.factory.kinds.container.EgressSection;
import dev.factory.kinds.container.EgressSettings;
import dev.factory.kinds.container.ContainerPlanner;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.kinds.image.ImageSection;
import dev.factory.kinds.network.NetworkEngine;
import dev.factory.kinds.volume.VolumeEngine;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Owner;
import dev.factory.plan.Ownership;
import dev.factory.plan.ResourceKind;
import dev.factory.state.AtomicFiles;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each profile's egress enforcement (docs/security.md "Egress"): an internal network with no
 * address of the host's on it, a proxy on the host's loopback and a gate on that network, sharing
 * a volume of relay sockets, all run from the egress image. The profile's containers join the
 * network and depend on this change, so they never start before their only way out exists.
 */
public final class EgressKind implements ResourceKind {
    public static final String KIND = EgressPlanner.KIND;
    static final String CONF = "/etc/factory-egress";
    static final String RUN = "/run/factory-egress";
    static final String USER = "13:13";   // Debian's "proxy" user (base-passwd's static uid)

    private final ContainerEngine containers;
    private final ImageEngine images;
    private final NetworkEngine networks;
    private final VolumeEngine volumes;
    private final Owner owner;
    private final StateDir stateDir;

    public EgressKind(ContainerEngine containers, ImageEngine images, NetworkEngine networks, VolumeEngine volumes, Owner owner, StateDir stateDir) {
        this.containers = containers;
        this.images = images;
        this.networks = networks;
        this.volumes = volumes;
        this.owner = owner;
        this.stateDir = stateDir;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public java.util.Set<String> plannedAfter() {
        return java.util.Set.of("image", "container");
    }

    /** The profiles whose egress is enforced or audited. */
    public static Map<String, ProfileSpec> enforced(Desired desired) {
        var out = new TreeMap<String, ProfileSpec>();
        ContainerSection.profiles(desired).forEach((name, p) -> {
            if (p.egressEnforced()) out.put(name, p);
        });
        return out;
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        var profiles = enforced(desired);
        EgressPlanner.Live live;
        List<dev.factory.engine.port.EngineImage> imageList;
        try {
            var files = new HashMap<String, Map<String, String>>();
            for (String p : profiles.keySet()) files.put(p, readFiles(stateDir.egressDir(p)));
            imageList = profiles.isEmpty() ? List.of() : images.listImages();
            live = new EgressPlanner.Live(containers.listContainers(), networks.listNetworks(), volumes.listVolumes(), files);
        } catch (DockerUnavailableException e) {
            return KindPlan.engineUnreachable(profiles.keySet().stream().map(p -> Address.of(KIND, p)).toList(), List.of());
        }
        var settings = desired.get(EgressSection.SECTION);
        // one image for every profile's proxy and gate
        ContainerPlanner.ImageState image = dev.factory.kinds.container.ContainerImages.imageState(settings.image(), desired, earlier, imageList);
        Address imageAddress = desired.get(ImageSection.SECTION).containsKey(settings.image()) ? Address.of("image", settings.image()) : null;
        var wanted = new TreeMap<String, EgressPlanner.Wanted>();
        for (ProfileSpec p : profiles.values()) {
            wanted.put(p.name(), new EgressPlanner.Wanted(p.name(), p.egress(), SquidConfig.files(p.name(), p.egress(), settings), image.id(),
                    image.pending() == Action.REPLACE, image.why(), imageAddress, p.at()));
        }
        return EgressPlanner.plan(owner, wanted, live, earlier);
    }

    /** The files as the state dir holds them; null when any is missing, a link, or unreadable. */
    static Map<String, String> readFiles(Path dir) {
        var out = new TreeMap<String, String>();
        for (String name : List.of("hosts", "listens", "relays", "squid.conf")) {
            Path f = dir.resolve(name);
            try {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return null;
                out.put(name, Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return out;
    }

    @Override
    public void apply(Change change, Desired desired) throws Exception {
        String profile = change.address().name();
        switch (change.action()) {
            case CREATE, UPDATE -> converge(desired, enforced(desired).get(profile), false);
            case REPLACE -> converge(desired, enforced(desired).get(profile), true);
            case DELETE -> remove(change.address(), profile);
            default -> throw new IllegalArgumentException(change.address() + ": nothing to apply for " + change.action().word());
        }
    }

    private void converge(Desired desired, ProfileSpec profile, boolean newNetwork) throws IOException {
        if (profile == null) throw new IOException("egress: the profile is no longer in the config; run factory plan again");
        var settings = desired.get(EgressSection.SECTION);
        var layout = profile.egress().layout();
        Address address = Address.of(KIND, profile.name());
        var state = dev.factory.kinds.container.ContainerImages.current(settings.image(), desired, images::idOfTag);
        if (state.id() == null) throw new IOException(address + ": " + state.why());
        String imageId = state.id();

        var files = SquidConfig.files(profile.name(), profile.egress(), settings);
        Path dir = stateDir.egressDir(profile.name());
        if (!files.equals(readFiles(dir))) {
            Files.createDirectories(dir);
            for (var f : files.entrySet()) {
                Path file = dir.resolve(f.getKey());
                AtomicFiles.write(file, f.getValue().getBytes(StandardCharsets.UTF_8));
                // the proxy and gate read them as uid 13, whatever umask factory runs with; they hold no secret
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        String netHash = EgressPlanner.networkHash(layout);
        for (var n : networks.listNetworks()) {
            if (!n.name().equals(layout.network()) || !owner.owns(n.labels(), n.id())) continue;
            if (newNetwork || !netHash.equals(n.labels().get(Ownership.HASH))) {
                removeOwnedContainers(address);
                networks.disconnectAll(n.id());
                networks.removeNetwork(n.id());
            }
        }
        if (networks.listNetworks().stream().noneMatch(n -> n.name().equals(layout.network()))) {
            // internal: no route out; inhibit_ipv4: no address of the host's on the bridge, so nothing listening on the host is reachable
            networks.createNetwork(layout.network(), true, layout.subnet(), Map.of("com.docker.network.bridge.inhibit_ipv4", "true"),
                    Ownership.labels(owner, address, netHash));
        }
        if (volumes.listVolumes().stream().noneMatch(v -> v.name().equals(layout.volume()))) {
            volumes.createVolume(layout.volume(), "local", Ownership.labels(owner, address, "egress"));
        }
        String proxyHash = EgressPlanner.proxyHash(imageId, layout, files);
        String gateHash = EgressPlanner.gateHash(imageId, layout, files);
        var mounts = List.of(new MountSpec(MountSpec.Type.BIND, dir.toString(), CONF, true));
        String proxy = ensure(address, "proxy", layout.proxyContainer(), proxyHash, new ContainerEngine.CreateRequest(layout.proxyContainer(), imageId,
                List.of("proxy"), List.of(), USER, null, labels(address, proxyHash, "proxy"), "host",
                plus(mounts, new MountSpec(MountSpec.Type.VOLUME, layout.volume(), RUN, false)), 1.0, 256L << 20, 256L,
                List.of("ALL"), List.of(), List.of(ProfileSpec.NO_NEW_PRIVILEGES), true, List.of(), "unless-stopped", false, false, null));
        String gate = ensure(address, "gate", layout.gateContainer(), gateHash, new ContainerEngine.CreateRequest(layout.gateContainer(), imageId,
                List.of("gate"), List.of(), USER, null, labels(address, gateHash, "gate"), layout.network(),
                plus(mounts, new MountSpec(MountSpec.Type.VOLUME, layout.volume(), RUN, true)), 0.5, 64L << 20, 256L,
                List.of("ALL"), List.of(), List.of(ProfileSpec.NO_NEW_PRIVILEGES), true, List.of(), "unless-stopped", false, false,
                layout.gateAddress()));
        awaitReady(address, layout.proxyContainer(), proxy);
        awaitReady(address, layout.gateContainer(), gate);
    }

    static final java.time.Duration READY_WITHIN = java.time.Duration.ofSeconds(30);
    static final String READY = "/dev/shm/factory-egress-ready";

    /** Until the container says it serves (its own tmpfs, so a marker left by an earlier container cannot answer). */
    private void awaitReady(Address address, String name, String id) {
        if (id == null) return;
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            try {
                if (containers.exec(id, List.of("test", "-f", READY), java.time.Duration.ofSeconds(5)).exitCode() == 0) return;
            } catch (RuntimeException e) {
                // restarting (it exited at start) or not running yet: the deadline decides
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(address + ": " + name + " did not come up within " + READY_WITHIN.toSeconds()
                        + " s; its log: docker logs " + name);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(address + ": interrupted while waiting for " + name, e);
            }
        }
    }

    private static List<MountSpec> plus(List<MountSpec> mounts, MountSpec more) {
        var out = new java.util.ArrayList<>(mounts);
        out.add(more);
        return out;
    }

    private Map<String, String> labels(Address address, String hash, String role) {
        var labels = new LinkedHashMap<>(Ownership.labels(owner, address, hash));
        labels.put(EgressPlanner.ROLE, role);
        return labels;
    }

    /** The container as asked, running: kept when it carries the hash and runs, else made anew. Returns its id when it (re)started it, else null. */
    private String ensure(Address address, String role, String name, String hash, ContainerEngine.CreateRequest request) {
        for (EngineContainer c : containers.listContainers()) {
            if (!c.name().equals(name)) continue;
            if (!c.ownedBy(owner) || !address.toString().equals(c.label(Ownership.ADDRESS))) {
                throw new IllegalStateException(address + ": a container named " + name + " exists and factory does not own it");
            }
            if (hash.equals(c.label(Ownership.HASH)) && role.equals(c.label(EgressPlanner.ROLE))) {
                if (c.isUp()) return null;
                containers.start(c.id());
                return c.id();
            }
            containers.stopAndRemove(c.id());
        }
        String id = containers.create(request);
        containers.start(id);
        return id;
    }

    private void removeOwnedContainers(Address address) {
        for (EngineContainer c : containers.listContainers()) {
            if (c.ownedBy(owner) && address.toString().equals(c.label(Ownership.ADDRESS))) containers.stopAndRemove(c.id());
        }
    }

    private void remove(Address address, String profile) throws IOException {
        removeOwnedContainers(address);
        for (var n : networks.listNetworks()) {
            if (owner.owns(n.labels(), n.id()) && address.toString().equals(n.labels().get(Ownership.ADDRESS))) {
                networks.disconnectAll(n.id());
                networks.removeNetwork(n.id());
            }
        }
        for (var v : volumes.listVolumes()) {
            if (owner.owns(v.labels(), v.name()) && address.toString().equals(v.labels().get(Ownership.ADDRESS))) volumes.removeVolume(v.name());
        }
        Path dir = stateDir.egressDir(profile);
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) dev.factory.fs.TrustedPath.removeTree(dir);
    }
}
