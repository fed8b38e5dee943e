package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import dev.factory.engine.port.DeviceSpec;
import dev.factory.plan.Address;
import dev.factory.secrets.SecretStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** devices, and every field that raises a container's privileges: read, warned about in every plan, digested, refused on a swarm. */
class ProfilePrivilegesTest {
    @TempDir
    Path tmp;

    private ConfigLoader.Result load(String yaml) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), yaml);
        return dev.factory.app.Registry.configLoader().load(tmp);
    }

    private static List<String> of(ConfigLoader.Result r, Diagnostic.Severity severity) {
        return r.diagnostics().stream().filter(d -> d.severity() == severity).map(Diagnostic::summary).toList();
    }

    private static ProfileSpec profile(ConfigLoader.Result r, String name) {
        return ContainerSection.profiles(r.desired()).get(name);
    }

    private static final String BUILDER = """
            profiles:
              builder:
                image: busybox:latest
                capAdd: [SYS_ADMIN]
                securityOpt: [seccomp=unconfined, "apparmor:unconfined", systempaths=unconfined, "seccomp=/etc/docker/strict.json"]
                devices:
                  - {path: /dev/fuse, reason: "rootless podman's fuse-overlayfs"}
                  - {path: /dev/net/tun, target: /dev/tun0, permissions: rw}
                reasons:
                  SYS_ADMIN: rootless podman mounts its storage
                  seccomp=unconfined: podman's own seccomp filter needs the syscalls docker's blocks
            """;

    @Test
    void devicesAreReadWithTheirDefaults() throws IOException {
        var r = load(BUILDER);
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(List.of(new DeviceSpec("/dev/fuse", "/dev/fuse", "rwm"), new DeviceSpec("/dev/net/tun", "/dev/tun0", "rw")),
                profile(r, "builder").devices());
        assertEquals(List.of(), profile(load("profiles: {plain: {image: busybox:latest}}\n"), "plain").devices());
    }

    @Test
    void everyRaisedPrivilegeIsAWarningWithItsReasonOrWhereToWriteOne() throws IOException {
        var warnings = of(load(BUILDER), Diagnostic.Severity.WARNING);
        assertEquals(List.of(
                "privilege: profile builder adds capability SYS_ADMIN: rootless podman mounts its storage",
                "privilege: profile builder switches a confinement off (seccomp=unconfined): podman's own seccomp filter needs the syscalls docker's blocks",
                "privilege: profile builder switches a confinement off (apparmor:unconfined); no reason given (reasons.\"apparmor:unconfined\")",
                "privilege: profile builder switches a confinement off (systempaths=unconfined); no reason given (reasons.\"systempaths=unconfined\")",
                "privilege: profile builder passes host device /dev/fuse into its containers (rwm): rootless podman's fuse-overlayfs",
                "privilege: profile builder passes host device /dev/net/tun into its containers (rw); no reason given (a reason on the device)"),
                warnings.stream().filter(w -> w.startsWith("privilege:")).toList());
        assertTrue(of(load("profiles: {plain: {image: busybox:latest, securityOpt: [\"seccomp=/etc/docker/strict.json\"]}}\n"),
                Diagnostic.Severity.WARNING).stream().noneMatch(w -> w.startsWith("privilege:")), "a seccomp profile of one's own narrows, it raises nothing");
    }

    @Test
    void onlyOptionsThatSwitchAConfinementOffAreUnconfined() {
        for (String o : List.of("seccomp=unconfined", "seccomp:unconfined", "apparmor=unconfined", "systempaths=unconfined", "label=disable", "label:disable")) {
            assertTrue(dev.factory.engine.port.SecurityOptions.unconfined(o), o);
        }
        for (String o : List.of("no-new-privileges:true", "seccomp=/etc/p.json", "apparmor=docker-default", "label=type:svirt_apache_t", "unconfined")) {
            assertFalse(dev.factory.engine.port.SecurityOptions.unconfined(o), o);
        }
    }

    @Test
    void aReasonForSomethingNotAskedForIsAnError() throws IOException {
        var errors = of(load("""
                profiles:
                  p:
                    image: busybox:latest
                    capAdd: [NET_ADMIN]
                    reasons: {NET_ADMN: typo}
                """), Diagnostic.Severity.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("a reason for NET_ADMN, which the profile neither adds in capAdd nor sets in securityOpt"), errors.toString());
        assertTrue(errors.get(0).contains("NET_ADMIN"), "did you mean: " + errors);
    }

    @Test
    void devicesAreCheckedForTheirFormAndTargets() throws IOException {
        assertTrue(of(load("profiles: {p: {image: busybox:latest, devices: [{path: /dev/fuse}, {path: /dev/fuse}]}}\n"), Diagnostic.Severity.ERROR)
                .stream().anyMatch(e -> e.contains("two devices share the target /dev/fuse")));
        for (String bad : List.of("{path: /etc/passwd}", "{path: /dev/fuse, permissions: rwx}", "{path: /dev/fuse, permissions: rr}",
                "{path: /dev/fuse, target: dev/fuse}", "{target: /dev/fuse}", "{path: /dev/fuse, why: x}")) {
            assertFalse(load("profiles: {p: {image: busybox:latest, devices: [" + bad + "]}}\n").ok(), bad + " is refused");
        }
    }

    @Test
    void aSeccompProfileIsNamedByItsAbsolutePathAndMustExistAtPlanTime() throws IOException {
        assertTrue(of(load("profiles: {p: {image: busybox:latest, securityOpt: [\"seccomp=strict.json\"]}}\n"), Diagnostic.Severity.ERROR)
                .stream().anyMatch(e -> e.contains("a seccomp profile is named by its absolute path on the host")));
        var r = load("profiles: {p: {image: busybox:latest, securityOpt: [\"seccomp=" + tmp.resolve("strict.json") + "\"]}}\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        var spec = new ContainerSpec("p-1", Address.of("container", "p-1"), "busybox:latest", List.of(), "no", profile(r, "p"), null);
        assertEquals(List.of("seccomp profile " + tmp.resolve("strict.json") + " does not exist"),
                ContainerRequests.hostProblems(spec, new SecretStore(tmp, Map.of()), new HashSet<>(), new ArrayList<>()));
        Files.writeString(tmp.resolve("strict.json"), "{}");
        assertEquals(List.of(), ContainerRequests.hostProblems(spec, new SecretStore(tmp, Map.of()), new HashSet<>(), new ArrayList<>()));
    }

    @Test
    void aDeviceMissingOnTheHostStopsTheContainerAtPlanTime() throws IOException {
        var r = load(BUILDER.replace("/dev/net/tun", "/dev/no-such-device").replace(", \"seccomp=/etc/docker/strict.json\"", ""));
        var spec = new ContainerSpec("b-1", Address.of("container", "b-1"), "busybox:latest", List.of(), "no", profile(r, "builder"), null);
        var problems = ContainerRequests.hostProblems(spec, new SecretStore(tmp, Map.of()), new HashSet<>(), new ArrayList<>());
        assertEquals(List.of("device /dev/no-such-device does not exist on this host"), problems);
    }

    @Test
    void devicesAreAFieldOfTheirOwnOnlyWhenDeclaredSoOlderContainersKeepTheirHash() throws IOException {
        var plain = profile(load("profiles: {p: {image: busybox:latest}}\n"), "p");
        var spec = new ContainerSpec("p-1", Address.of("container", "p-1"), "busybox:latest", List.of("true"), "no", plain, null);
        var before = ContainerFields.digests(spec, "sha256:1");
        assertEquals(Set.of("image", "command", "env", "user", "network", "mounts", "limits", "security", "workdir", "restart"), before.keySet());

        var withFuse = withDevices(spec, List.of(new DeviceSpec("/dev/fuse", "/dev/fuse", "rwm")));
        var withBoth = withDevices(spec, List.of(new DeviceSpec("/dev/fuse", "/dev/fuse", "rwm"), new DeviceSpec("/dev/net/tun", "/dev/net/tun", "rwm")));
        var fuse = ContainerFields.digests(withFuse, "sha256:1");
        var both = ContainerFields.digests(withBoth, "sha256:1");
        assertEquals(List.of("devices"), ContainerFields.changed(before, fuse), "a device added");
        assertEquals(List.of("devices"), ContainerFields.changed(both, fuse), "one of two dropped");
        assertEquals(List.of("devices"), ContainerFields.changed(fuse, before), "the last one dropped");
        assertEquals(List.of(), ContainerFields.changed(fuse, ContainerFields.digests(withFuse, "sha256:1")));
        assertEquals(List.of("devices"), ContainerFields.changed(fuse,
                ContainerFields.digests(withDevices(spec, List.of(new DeviceSpec("/dev/fuse", "/dev/fuse", "r"))), "sha256:1")), "permissions count");
    }

    private static ContainerSpec withDevices(ContainerSpec spec, List<DeviceSpec> devices) {
        var p = spec.profile();
        var profile = new ProfileSpec(p.name(), p.image(), p.user(), p.network(), p.cpus(), p.memoryBytes(), p.pids(), p.mounts(), p.env(),
                p.envFiles(), p.capDrop(), p.capAdd(), p.securityOpt(), p.readOnlyRootfs(), p.extraHosts(), p.workdir(), p.at(), p.mcpClients(),
                p.endpoints(), p.egress(), devices);
        return new ContainerSpec(spec.name(), spec.address(), spec.image(), spec.command(), spec.restart(), profile, spec.at());
    }

    @Test
    void aSwarmServiceCannotCarryDevicesOrSecurityOptions() throws IOException {
        var builder = profile(load(BUILDER), "builder");
        assertTrue(ContainerSection.swarmProblem(builder).orElseThrow().contains("passes host devices"));
        var options = profile(load("profiles: {p: {image: busybox:latest, securityOpt: [seccomp=unconfined]}}\n"), "p");
        assertTrue(ContainerSection.swarmProblem(options).orElseThrow().contains("sets securityOpt [seccomp=unconfined]"));
        assertTrue(ContainerSection.swarmProblem(profile(load("profiles: {p: {image: busybox:latest, capAdd: [NET_ADMIN]}}\n"), "p")).isEmpty(),
                "capabilities are in the swarm's API");
    }

    @Test
    void noNewPrivilegesIsAlwaysOnAndCannotBeTurnedOff() throws IOException {
        assertEquals(List.of("no-new-privileges:true"), profile(load("profiles: {p: {image: busybox:latest}}\n"), "p").securityOpt());
        assertEquals(List.of("no-new-privileges", "label=disable"),
                profile(load("profiles: {p: {image: busybox:latest, securityOpt: [no-new-privileges, label=disable]}}\n"), "p").securityOpt(),
                "written by the user: kept as written, not added twice");
        for (String off : List.of("no-new-privileges:false", "no-new-privileges=false")) {
            assertEquals(List.of("no-new-privileges cannot be turned off: it stops setuid binaries from regaining root inside the container"),
                    of(load("profiles: {p: {image: busybox:latest, securityOpt: [\"" + off + "\"]}}\n"), Diagnostic.Severity.ERROR), off);
        }
    }

    @Test
    void aWorkdirIsAbsolute() throws IOException {
        assertEquals(List.of("workdir must be an absolute path in the container"),
                of(load("profiles: {p: {image: busybox:latest, workdir: workspace}}\n"), Diagnostic.Severity.ERROR));
        assertEquals("/workspace", profile(load("profiles: {p: {image: busybox:latest, workdir: /workspace}}\n"), "p").workdir());
    }

    @Test
    void portsNeedANetworkThatPublishes() throws IOException {
        assertEquals(List.of("service s publishes ports, but network none has no ports to publish; remove ports, or run it from a profile on bridge"
                        + " or a declared network"),
                of(load("profiles: {p: {image: busybox:latest, network: none}}\nservices: {s: {profile: p, ports: [\"80\"]}}\n"), Diagnostic.Severity.ERROR));
        assertEquals(List.of("service s publishes ports, but network host already shares the host's ports; remove ports, or run it from a profile"
                        + " on bridge or a declared network"),
                of(load("profiles: {p: {image: busybox:latest, network: host}}\nservices: {s: {profile: p, ports: [\"80\"]}}\n"), Diagnostic.Severity.ERROR));
        assertTrue(load("profiles: {p: {image: busybox:latest, network: host}}\nservices: {s: {profile: p}}\n").ok());
    }
}
