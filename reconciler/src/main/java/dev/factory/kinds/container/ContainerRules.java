package dev.factory.kinds.container;

import dev.factory.engine.port.DeviceSpec;
import dev.factory.engine.port.HealthSpec;
import dev.factory.engine.port.PortSpec;
import dev.factory.engine.port.MountSpec;
import dev.factory.engine.port.SecurityOptions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.config.ByteSize;
import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.HostPaths;
import dev.factory.config.HostSpec;
import dev.factory.config.SecretScanner;
import dev.factory.config.Suggestions;
import dev.factory.config.YamlDocument;
import dev.factory.kinds.image.ImageSpec;
import dev.factory.kinds.network.NetworkSpec;
import dev.factory.kinds.volume.VolumeSpec;
import dev.factory.secrets.SecretRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads and checks {@code profiles} and {@code services}, against the declared images, networks and volumes. */
public final class ContainerRules {
    static final Set<String> BUILTIN_NETWORKS = Set.of("bridge", "host", "none");

    /** Profiles and services: what {@link ContainerSection} reads. */
    @dev.factory.engine.KindApi
    public record Result(Map<String, ProfileSpec> profiles, Map<String, ServiceSpec> services) {}

    private final HostSpec host;
    private final Path configDir;
    private final Set<String> images;
    private final Diagnostics diagnostics;
    /** Host ports published so far, by {@code port/protocol}, with the service publishing each, across services. */
    private final Map<String, List<Published>> published = new java.util.HashMap<>();

    private record Published(PortSpec port, String service) {}
    private Map<String, VolumeSpec> volumes;
    private Map<String, NetworkSpec> networks;
    private EgressSettings egressSettings = EgressSettings.DEFAULTS;
    private Map<String, Integer> egressSlots = Map.of();

    private ContainerRules(HostSpec host, Path configDir, Set<String> images, Diagnostics diagnostics) {
        this.host = host;
        this.configDir = configDir;
        this.images = images;
        this.diagnostics = diagnostics;
    }

    public static Result read(Map<String, List<Declared>> byKind, HostSpec host, Path configDir, Set<String> images,
                              Map<String, VolumeSpec> volumes, Map<String, NetworkSpec> networks, Diagnostics diagnostics) {
        return read(byKind, host, configDir, images, volumes, networks, EgressSettings.DEFAULTS, diagnostics);
    }

    public static Result read(Map<String, List<Declared>> byKind, HostSpec host, Path configDir, Set<String> images,
                              Map<String, VolumeSpec> volumes, Map<String, NetworkSpec> networks,
                              EgressSettings egress, Diagnostics diagnostics) {
        var rules = new ContainerRules(host, configDir, images, diagnostics);
        rules.volumes = volumes;
        rules.networks = networks;
        rules.egressSettings = egress;
        rules.egressSlots = EgressPolicy.slots(byKind.getOrDefault("profiles", List.of()).stream()
                .filter(d -> EgressRules.declaresEnforcement(d.spec())).map(Declared::name).toList());
        var profiles = new TreeMap<String, ProfileSpec>();
        for (Declared d : byKind.getOrDefault("profiles", List.of())) profiles.put(d.name(), rules.profile(d));
        var services = new TreeMap<String, ServiceSpec>();
        var declared = new TreeMap<String, Declared>();
        for (Declared d : byKind.getOrDefault("services", List.of())) {
            declared.put(d.name(), d);
            var s = rules.service(d, profiles);
            if (s != null) services.put(d.name(), s);
        }
        rules.checkDependencies(services, declared);
        return new Result(profiles, services);
    }

    private ProfileSpec profile(Declared d) {
        JsonNode spec = d.spec();
        String image = d.text("image");
        checkImage(image, d, "image");
        String user = spec.hasNonNull("user") ? spec.get("user").asText() : ProfileSpec.DEFAULT_USER;
        boolean allowRoot = spec.path("allowRoot").asBoolean(false);
        if (isRoot(user) && !allowRoot) {
            diagnostics.add(Diagnostic.error(d.at("user"), d.path("user"), "profile " + d.name()
                    + " runs as root; use a non-root uid (default 1000:1000), or set allowRoot: true if it really must"));
        }
        String network = spec.hasNonNull("network") ? d.text("network") : "bridge";
        var declaredEndpoints = endpoints(spec.path("endpoints"));
        var egress = EgressRules.read(d, declaredEndpoints, egressSettings, egressSlots, diagnostics);
        boolean enforced = egress != null && egress.enforced();
        if (enforced) {
            String proxyImage = egressSettings.image();
            if (!images.contains(proxyImage) && !ImageSpec.isExternalReference(proxyImage)) {
                diagnostics.add(Diagnostic.error(d.at("egress"), d.path("egress"), "profile " + d.name() + "'s egress runs on image '" + proxyImage
                        + "', which is not declared in images; declare it (images/egress-proxy in factory's repository builds it) or set egress.image"));
            }
            if (spec.hasNonNull("network") && !network.equals("bridge")) {
                diagnostics.add(Diagnostic.error(d.at("network"), d.path("network"), "profile " + d.name() + " has egress mode "
                        + egress.mode().word() + ", which puts its containers on " + egress.layout().network()
                        + " with no way out but its proxy; remove network: " + network
                        + " (an API on the host's loopback is declared in endpoints and listed in egress.endpoints)"));
            }
            network = egress.layout().network();
        } else if (!BUILTIN_NETWORKS.contains(network) && !networks.containsKey(network)) {
            var names = new ArrayList<>(BUILTIN_NETWORKS);
            names.addAll(networks.keySet());
            diagnostics.add(Diagnostic.error(d.at("network"), d.path("network"), "network '" + network
                    + "' is neither bridge, host, none nor a declared network" + Suggestions.didYouMean(network, names)));
        }
        JsonNode resources = spec.path("resources");
        Double cpus = resources.hasNonNull("cpus") ? resources.get("cpus").asDouble() : null;
        Long memory = null;
        if (resources.hasNonNull("memory")) {
            try {
                memory = ByteSize.parse(resources.get("memory").asText()).bytes();
            } catch (IllegalArgumentException e) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(d.pointer() + "/resources/memory"), d.path("resources") + ".memory", e.getMessage()));
            }
        }
        Long pids = resources.hasNonNull("pids") ? resources.get("pids").asLong() : null;
        var env = new TreeMap<String, String>();
        spec.path("env").fields().forEachRemaining(e -> {
            env.put(e.getKey(), e.getValue().asText());
            checkEnvValue(d, e.getKey(), e.getValue().asText());
            if (enforced && (EgressPolicy.RESERVED_VARIABLES.contains(e.getKey())
                    || egress.endpoints().values().stream().anyMatch(x -> x.variable().equals(e.getKey())))) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(YamlDocument.pointer(d.pointer() + "/env", e.getKey())), d.path("env") + "." + e.getKey(),
                        "env " + e.getKey() + " is set by the profile's egress (it points at the proxy); remove it here"));
            }
        });
        if (enforced) egress.environment().forEach((k, v) -> env.merge(k, v, (own, added) -> k.equals("NODE_OPTIONS") ? own + " " + added : added));
        var envFiles = new ArrayList<Path>();
        spec.path("envFiles").forEach(f -> envFiles.add(HostPaths.resolve(f.asText(), host, configDir)));
        String workdir = d.text("workdir");
        if (workdir != null && !workdir.startsWith("/")) {
            diagnostics.add(Diagnostic.error(d.at("workdir"), d.path("workdir"), "workdir must be an absolute path in the container"));
        }
        List<String> capDrop = spec.has("capDrop") ? strings(spec.get("capDrop")) : List.of("ALL");
        var securityOpt = new ArrayList<>(strings(spec.path("securityOpt")));
        if (securityOpt.stream().anyMatch(o -> o.replace('=', ':').equals("no-new-privileges:false"))) {
            diagnostics.add(Diagnostic.error(d.at("securityOpt"), d.path("securityOpt"),
                    "no-new-privileges cannot be turned off: it stops setuid binaries from regaining root inside the container"));
        }
        if (securityOpt.stream().noneMatch(o -> o.startsWith("no-new-privileges"))) securityOpt.add(0, ProfileSpec.NO_NEW_PRIVILEGES);
        for (String option : securityOpt) {
            if (SecurityOptions.seccompFile(option).filter(f -> !f.startsWith("/")).isPresent()) {
                diagnostics.add(Diagnostic.error(d.at("securityOpt"), d.path("securityOpt"), "a seccomp profile is named by its absolute path on the host ("
                        + option + "); write seccomp=/path/to/profile.json"));
            }
        }
        var extraHosts = strings(spec.path("extraHosts"));
        var endpoints = declaredEndpoints;
        if (enforced) {
            extraHosts.add(EgressPolicy.GATE_HOST + ":" + egress.layout().gateAddress());
            // inside, an endpoint is where the gate relays it; one not listed in egress.endpoints stays unreachable (doctor says so)
            endpoints = new TreeMap<>(declaredEndpoints);
            for (var e : egress.endpoints().values()) endpoints.put(e.name(), e.insideUrl());
        }
        var capAdd = strings(spec.path("capAdd"));
        var devices = devices(d);
        privileges(d, capAdd, securityOpt, devices);
        return new ProfileSpec(d.name(), image, user, network, cpus, memory, pids, mounts(d), env, envFiles, capDrop,
                capAdd, securityOpt, spec.path("readOnlyRootfs").asBoolean(false),
                extraHosts, workdir, d.at(), strings(spec.path("mcp").path("clients")), endpoints, egress, devices, gitGuard(d), seeds(d));
    }

    /** {@code git: {guard: true, deny, binary}}, or null when the profile has no guard. */
    private GitGuard gitGuard(Declared d) {
        JsonNode git = d.spec().path("git");
        if (git.isMissingNode()) return null;
        String pointer = d.pointer() + "/git";
        if (!git.path("guard").asBoolean(false)) {
            for (String field : List.of("deny", "binary")) {
                if (git.has(field)) {
                    diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer + "/" + field), d.path("git") + "." + field,
                            "git." + field + " has no effect without git.guard: true; turn the guard on or remove it"));
                }
            }
            return null;
        }
        var deny = git.has("deny") ? strings(git.get("deny")) : GitGuard.DEFAULT_DENY;
        for (int i = 0; i < deny.size(); i++) {
            String problem = GitGuard.problem(deny.get(i));
            if (problem != null) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer + "/deny/" + i), d.path("git") + ".deny[" + i + "]", problem));
            }
        }
        String binary = git.hasNonNull("binary") ? git.get("binary").asText() : GitGuard.DEFAULT_BINARY;
        if (binary.equals(GitGuard.PATH)) {
            diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer + "/binary"), d.path("git") + ".binary",
                    "the guard itself goes to " + GitGuard.PATH + "; name the real git elsewhere (e.g. /usr/bin/git)"));
        }
        if (d.spec().path("readOnlyRootfs").asBoolean(false)) {
            diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer + "/guard"), d.path("git") + ".guard",
                    "the git guard is put into each container's file system, which readOnlyRootfs makes read-only; drop one of the two"));
        }
        return new GitGuard(deny, binary);
    }

    private List<DeviceSpec> devices(Declared d) {
        var out = new ArrayList<DeviceSpec>();
        var targets = new HashSet<String>();
        JsonNode list = d.spec().path("devices");
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String pointer = d.pointer() + "/devices/" + i;
            String path = entry.path("path").asText();
            String target = entry.hasNonNull("target") ? entry.get("target").asText() : path;
            if (!targets.add(target)) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer), d.path("devices") + "[" + i + "]",
                        "two devices share the target " + target + "; give one another target"));
            }
            out.add(new DeviceSpec(path, target, entry.path("permissions").asText(DeviceSpec.ALL)));
        }
        return List.copyOf(out);
    }

    /**
     * Every field that raises what a container may do (an added capability, a device, a security
     * option switching a confinement off) is a warning in every plan, with the reason the config
     * gives ({@code reasons} for capabilities and options, a device's own {@code reason}); a reason
     * for something the profile does not ask for is an error.
     */
    private void privileges(Declared d, List<String> capAdd, List<String> securityOpt, List<DeviceSpec> devices) {
        JsonNode reasons = d.spec().path("reasons");
        var raised = new ArrayList<String>();
        for (String cap : capAdd) {
            raised.add(cap);
            diagnostics.add(Diagnostic.warning(d.at("capAdd"), d.path("capAdd"), "privilege: profile " + d.name() + " adds capability " + cap
                    + because(reasons.path(cap), "reasons." + cap)));
        }
        for (String option : securityOpt) {
            if (!SecurityOptions.unconfined(option)) continue;
            raised.add(option);
            diagnostics.add(Diagnostic.warning(d.at("securityOpt"), d.path("securityOpt"), "privilege: profile " + d.name()
                    + " switches a confinement off (" + option + ")" + because(reasons.path(option), "reasons.\"" + option + "\"")));
        }
        JsonNode list = d.spec().path("devices");
        for (int i = 0; i < devices.size(); i++) {
            DeviceSpec device = devices.get(i);
            diagnostics.add(Diagnostic.warning(d.doc().valueLocation(d.pointer() + "/devices/" + i), d.path("devices") + "[" + i + "]",
                    "privilege: profile " + d.name() + " passes host device " + device.path() + " into its containers ("
                            + device.permissions() + ")" + because(list.get(i).path("reason"), "a reason on the device")));
        }
        reasons.fieldNames().forEachRemaining(named -> {
            if (!raised.contains(named)) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(YamlDocument.pointer(d.pointer() + "/reasons", named)),
                        d.path("reasons") + "." + named, "a reason for " + named + ", which the profile neither adds in capAdd nor sets in"
                                + " securityOpt" + Suggestions.didYouMean(named, raised)));
            }
        });
    }

    /** {@code ": REASON"}, or where to write one. */
    static String because(JsonNode reason, String where) {
        return reason.isTextual() && !reason.asText().isBlank() ? ": " + reason.asText() : "; no reason given (" + where + ")";
    }

    private List<MountSpec> mounts(Declared d) {
        var out = new ArrayList<MountSpec>();
        var targets = new HashSet<String>();
        JsonNode list = d.spec().path("mounts");
        Path secrets = host.secretsDir() == null ? null : HostPaths.resolve(host.secretsDir(), host, configDir);
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String pointer = d.pointer() + "/mounts/" + i;
            String path = d.path("mounts") + "[" + i + "]";
            var type = "volume".equals(m.path("type").asText("bind")) ? MountSpec.Type.VOLUME : MountSpec.Type.BIND;
            boolean readOnly = !"rw".equals(m.path("mode").asText("ro"));
            String target = m.path("target").asText();
            String source = m.path("source").asText();
            if (!target.startsWith("/")) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer + "/target"), path + ".target",
                        "mount target '" + target + "' must be an absolute path in the container"));
            }
            if (!targets.add(target)) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer + "/target"), path + ".target", "two mounts share the target " + target));
            }
            if (type == MountSpec.Type.VOLUME) {
                if (!volumes.containsKey(source)) {
                    diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer + "/source"), path + ".source",
                            "volume '" + source + "' is not declared in volumes" + Suggestions.didYouMean(source, volumes.keySet())));
                }
                out.add(new MountSpec(type, source, target, readOnly));
                continue;
            }
            Path resolved = HostPaths.resolve(source, host, configDir);
            if (secrets != null && resolved.startsWith(secrets) && !readOnly) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer + "/mode"), path + ".mode",
                        "the secrets directory " + secrets + " may only be mounted read-only (mode: ro)"));
            }
            out.add(new MountSpec(type, resolved.toString(), target, readOnly));
        }
        return out;
    }

    private void checkEnvValue(Declared d, String key, String value) {
        var at = d.doc().valueLocation(YamlDocument.pointer(d.pointer() + "/env", key));
        String path = d.path("env") + "." + key;
        try {
            for (SecretRef ref : SecretRef.findIn(value)) {
                if (ref.kind() == SecretRef.Kind.SECRET && host.secretsDir() == null) {
                    diagnostics.add(Diagnostic.error(at, path, ref.text() + " needs host.secretsDir to say where secret files live"));
                }
            }
        } catch (IllegalArgumentException e) {
            diagnostics.add(Diagnostic.error(at, path, e.getMessage()));
            return;
        }
        String withoutRefs = SecretRef.withoutReferences(value);
        SecretScanner.looksLikeSecret(withoutRefs).ifPresent(kind -> diagnostics.add(Diagnostic.error(at, path,
                "env " + key + " looks like " + kind + " written inline; put it in a secret file and write ${secret:FILE#KEY}")));
    }

    private ServiceSpec service(Declared d, Map<String, ProfileSpec> profiles) {
        String profile = d.text("profile");
        if (!profiles.containsKey(profile)) {
            diagnostics.add(Diagnostic.error(d.at("profile"), d.path("profile"), "profile '" + profile + "' is not declared"
                    + Suggestions.didYouMean(profile, profiles.keySet())));
            return null;
        }
        String image = d.text("image");
        if (image != null) checkImage(image, d, "image");
        JsonNode command = d.spec().get("command");
        List<String> cmd = command == null ? List.of()
                : command.isArray() ? strings(command) : List.of("/bin/sh", "-c", command.asText());
        String restart = d.spec().hasNonNull("restart") ? d.text("restart") : ServiceSpec.DEFAULT_RESTART;
        int replicas = d.spec().path("replicas").asInt(1);
        var ports = ports(d, replicas);
        ProfileSpec runs = profiles.get(profile);
        if (!ports.isEmpty() && (runs.egressEnforced() || "none".equals(runs.network()) || "host".equals(runs.network()))) {
            String why = runs.egressEnforced() ? "its profile's egress puts it on an internal network, which publishes nothing"
                    : "network " + runs.network() + (runs.network().equals("host") ? " already shares the host's ports" : " has no ports to publish");
            diagnostics.add(Diagnostic.error(d.at("ports"), d.path("ports"), "service " + d.name() + " publishes ports, but " + why
                    + "; remove ports, or run it from a profile on bridge or a declared network"));
        }
        return new ServiceSpec(d.name(), profile, image, cmd, restart, replicas, d.at(), placement(d.spec().get("placement")),
                rollingUpdate(d.spec().get("update")), ports, health(d.spec().get("healthcheck")), strings(d.spec().path("dependsOn")), seeds(d));
    }

    /** {@code seed}: each an absolute path in the container, from a path in the image or a file of the config repo that exists. */
    private List<SeedSpec> seeds(Declared d) {
        var out = new ArrayList<SeedSpec>();
        var paths = new HashSet<String>();
        JsonNode list = d.spec().path("seed");
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            var at = d.doc().valueLocation(d.pointer() + "/seed/" + i);
            String where = d.path("seed") + "[" + i + "]";
            String path = entry.path("path").asText();
            if (!paths.add(path)) diagnostics.add(Diagnostic.error(at, where, "two seeds share the path " + path));
            Path file = null;
            if (entry.hasNonNull("file")) {
                file = HostPaths.resolve(entry.get("file").asText(), host, configDir);
                if (!java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    diagnostics.add(Diagnostic.error(at, where, "seed file " + file + " is not a regular file of the config repo"));
                }
            }
            out.add(new SeedSpec(path, entry.hasNonNull("from") ? entry.get("from").asText() : null, file));
        }
        return List.copyOf(out);
    }

    /**
     * A service's published ports, each entry in compose's short syntax; bound to 127.0.0.1 unless
     * an address is written; every interface (0.0.0.0, ::) only when spelled out, and then a warning.
     */
    private List<PortSpec> ports(Declared d, int replicas) {
        var out = new ArrayList<PortSpec>();
        JsonNode list = d.spec().path("ports");
        for (int i = 0; i < list.size(); i++) {
            var at = d.doc().valueLocation(d.pointer() + "/ports/" + i);
            String path = d.path("ports") + "[" + i + "]";
            List<PortSpec> parsed;
            try {
                parsed = PortSpec.parse(list.get(i).asText());
            } catch (IllegalArgumentException e) {
                diagnostics.add(Diagnostic.error(at, path, e.getMessage()));
                continue;
            }
            for (PortSpec port : parsed) {
                if (port.hostPort() != 0) {
                    String other = clash(port, d.name());
                    if (other != null) {
                        diagnostics.add(Diagnostic.error(at, path, "host port " + port.hostPort() + "/" + port.protocol() + " on " + port.hostIp()
                                + " is published twice" + (other.equals(d.name()) ? "" : " (service " + other + " publishes it too)")));
                    }
                }
                if (port.hostPort() != 0 && replicas > 1) {
                    diagnostics.add(Diagnostic.error(at, path, "service " + d.name() + " has " + replicas + " replicas, which cannot all bind host port "
                            + port.hostPort() + "; use replicas: 1, or let the engine choose (write only the container port)"));
                }
            }
            if (parsed.stream().anyMatch(PortSpec::everyInterface)) {
                diagnostics.add(Diagnostic.warning(at, path, "service " + d.name() + " publishes " + list.get(i).asText()
                        + " on every interface of the host, reachable from anywhere the host is; bind it to 127.0.0.1 unless that is meant"));
            }
            out.addAll(parsed);
        }
        return List.copyOf(out);
    }

    /**
     * The service that already publishes this host port on the same address, or on an address of the
     * same family when either side binds that family's every interface (the engine could not bind
     * both); null when free. Records it.
     */
    private String clash(PortSpec port, String service) {
        var taken = published.computeIfAbsent(port.hostPort() + "/" + port.protocol(), k -> new ArrayList<>());
        for (Published t : taken) {
            boolean sameFamily = t.port().hostIp().contains(":") == port.hostIp().contains(":");
            if (t.port().hostIp().equals(port.hostIp()) || (sameFamily && (port.everyInterface() || t.port().everyInterface()))) return t.service();
        }
        taken.add(new Published(port, service));
        return null;
    }

    /** compose's healthcheck: {@code test} a list ({@code [CMD, ...]}, {@code [CMD-SHELL, "..."]}) or a string (run by the shell). */
    private static HealthSpec health(JsonNode node) {
        if (node == null || node.isNull()) return null;
        JsonNode test = node.path("test");
        List<String> command = test.isArray() ? strings(test) : List.of("CMD-SHELL", test.asText());
        return new HealthSpec(command, duration(node, "interval", HealthSpec.INTERVAL), duration(node, "timeout", HealthSpec.TIMEOUT),
                node.path("retries").asInt(HealthSpec.RETRIES), duration(node, "startPeriod", java.time.Duration.ZERO));
    }

    private static java.time.Duration duration(JsonNode node, String field, java.time.Duration otherwise) {
        return node.hasNonNull(field) ? dev.factory.config.Age.parse(node.get(field).asText()).duration() : otherwise;
    }

    /** Each dependsOn names another declared service, and no service waits on itself, however far round. */
    private void checkDependencies(Map<String, ServiceSpec> services, Map<String, Declared> declared) {
        for (ServiceSpec s : services.values()) {
            Declared d = declared.get(s.name());
            for (int i = 0; i < s.dependsOn().size(); i++) {
                String other = s.dependsOn().get(i);
                var at = d.doc().valueLocation(d.pointer() + "/dependsOn/" + i);
                if (!services.containsKey(other) && !declared.containsKey(other)) {
                    diagnostics.add(Diagnostic.error(at, d.path("dependsOn") + "[" + i + "]", "service '" + other + "' is not declared"
                            + Suggestions.didYouMean(other, services.keySet())));
                } else if (other.equals(s.name())) {
                    diagnostics.add(Diagnostic.error(at, d.path("dependsOn") + "[" + i + "]", "service " + s.name() + " cannot wait for itself"));
                }
            }
            var cycle = cycleFrom(s.name(), services, new java.util.ArrayList<>());
            if (cycle != null && cycle.get(0).equals(s.name()) && s.name().equals(cycle.stream().sorted().findFirst().orElse(""))) {
                diagnostics.add(Diagnostic.error(d.at("dependsOn"), d.path("dependsOn"), "services wait for each other in a circle: "
                        + String.join(" -> ", cycle) + "; none of them could ever start"));
            }
        }
    }

    /** The path back to {@code path}'s first service through dependsOn, when there is one (the first entry repeated at the end). */
    private static List<String> cycleFrom(String name, Map<String, ServiceSpec> services, List<String> path) {
        if (!path.isEmpty() && name.equals(path.get(0))) {
            var out = new java.util.ArrayList<>(path);
            out.add(name);
            return out;
        }
        if (path.contains(name) || !services.containsKey(name)) return null;
        path.add(name);
        for (String next : services.get(name).dependsOn()) {
            if (next.equals(name)) continue;   // said on its own
            var found = cycleFrom(next, services, path);
            if (found != null) return found;
        }
        path.remove(path.size() - 1);
        return null;
    }

    private static ServiceSpec.Placement placement(JsonNode node) {
        if (node == null) return null;
        var constraints = new ArrayList<String>();
        node.path("constraints").forEach(c -> constraints.add(c.asText().replaceAll("\\s+", "")));
        return new ServiceSpec.Placement(List.copyOf(constraints), node.hasNonNull("maxReplicas") ? node.get("maxReplicas").asInt() : null);
    }

    private static ServiceSpec.RollingUpdate rollingUpdate(JsonNode node) {
        if (node == null) return null;
        var d = ServiceSpec.RollingUpdate.DEFAULT;
        return new ServiceSpec.RollingUpdate(node.path("parallelism").asInt(d.parallelism()),
                node.hasNonNull("delay") ? dev.factory.config.Age.parse(node.get("delay").asText()).duration() : d.delay(),
                node.path("order").asText(d.order()), node.path("failureAction").asText(d.failureAction()));
    }

    private void checkImage(String image, Declared d, String field) {
        if (image == null || images.contains(image) || ImageSpec.isExternalReference(image)) return;
        diagnostics.add(Diagnostic.error(d.at(field), d.path(field), "image '" + image + "' is not declared in images"
                + Suggestions.closest(image, images).map(s -> " (did you mean '" + s + "'?)").orElse("")
                + "; an external image needs a tag or digest"));
    }

    private static TreeMap<String, String> endpoints(JsonNode node) {
        var out = new TreeMap<String, String>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static boolean isRoot(String user) {
        String u = user.split(":", 2)[0];
        return u.equals("0") || u.equals("root");
    }

    private static List<String> strings(JsonNode node) {
        var out = new ArrayList<String>();
        if (node != null) node.forEach(n -> out.add(n.asText()));
        return out;
    }

}
