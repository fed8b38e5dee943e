package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.engine.port.DeviceSpec;
import dev.factory.kinds.container.ContainerSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commented-out examples of the bundled config stay valid: factory-config/builder.yaml,
 * uncommented from its scissors line, loads with the rest of the config and reads as the outer
 * builder of the brief.
 */
class ExampleConfigIT {
    private static final Path BUNDLED = Path.of("..", "factory-config").toAbsolutePath().normalize();
    private static final String SCISSORS = "# ---8<---";

    @TempDir
    Path tmp;

    /** The bundled config (with the images and schema beside it, in a git work tree as it ships) with builder.yaml uncommented. */
    private Path uncommented() throws IOException {
        for (String dir : List.of("factory-config", "images", "schema")) {
            Path from = BUNDLED.resolveSibling(dir);
            try (var files = Files.walk(from)) {
                for (Path f : files.toList()) {
                    Path to = tmp.resolve(dir).resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(to);
                    else Files.copy(f, to);
                }
            }
        }
        dev.factory.testing.GitCli.git(tmp, "init", "-q");
        Path copy = tmp.resolve("factory-config");
        List<String> lines = Files.readAllLines(copy.resolve("builder.yaml"));
        int from = lines.stream().filter(l -> l.startsWith(SCISSORS)).findFirst().map(lines::indexOf).orElseThrow(
                () -> new AssertionError("builder.yaml has no scissors line"));
        var out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (i <= from) out.append(l).append('\n');
            else if (l.equals("#")) out.append('\n');
            else {
                assertTrue(l.startsWith("# "), "line " + (i + 1) + " below the scissors is not commented out: " + l);
                out.append(l.substring(2)).append('\n');
            }
        }
        Files.writeString(copy.resolve("builder.yaml"), out);
        return copy;
    }

    @Test
    void theBuilderExampleLoadsWithTheBundledConfigAndReadsAsTheOuterBuilder() throws IOException {
        var r = dev.factory.app.Registry.configLoader().load(uncommented());
        assertTrue(r.ok(), r.diagnostics().toString());
        var builder = ContainerSection.profiles(r.desired()).get("builder");
        assertEquals(List.of(new DeviceSpec("/dev/fuse", "/dev/fuse", "rwm"), new DeviceSpec("/dev/net/tun", "/dev/net/tun", "rwm")), builder.devices());
        assertEquals(List.of("SYS_ADMIN"), builder.capAdd());
        assertTrue(builder.securityOpt().containsAll(List.of("seccomp=unconfined", "apparmor=unconfined", "systempaths=unconfined")));
        assertTrue(builder.git() != null);
        var service = ContainerSection.services(r.desired()).get("builder");
        assertEquals(12, service.ports().size(), service.ports().toString());
        assertTrue(service.ports().stream().allMatch(p -> p.hostIp().equals("127.0.0.1")), service.ports().toString());
        assertEquals(List.of("CMD", "curl", "-fsS", "http://127.0.0.1:4001/v1/healthz"), service.health().test());
        assertEquals("/workspace/AGENTS.md", service.seeds().get(0).path());
        var privileges = r.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING)
                .map(Diagnostic::summary).filter(s -> s.startsWith("privilege:")).collect(Collectors.toList());
        assertEquals(6, privileges.size(), privileges.toString());
        assertTrue(privileges.stream().noneMatch(s -> s.contains("no reason")), "every privilege has its reason: " + privileges);
    }

    @Test
    void asShippedTheExampleIsAllComment() throws IOException {
        var r = dev.factory.app.Registry.configLoader().load(BUNDLED);
        assertTrue(r.ok(), r.diagnostics().toString());
        assertTrue(ContainerSection.services(r.desired()).isEmpty());
        assertTrue(!ContainerSection.profiles(r.desired()).containsKey("builder"));
    }
}
