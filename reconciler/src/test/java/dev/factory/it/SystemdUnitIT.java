package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.runner.RunnerUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit files factory installs pass systemd's own verifier. */
class SystemdUnitIT {
    @TempDir
    Path tmp;

    @Test
    void theRunnerUnitVerifies() throws Exception {
        requireSystemdAnalyze();
        Path bin = tmp.resolve("factory");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        String unit = RunnerUnit.render(bin.toString(), tmp.resolve("config"), tmp.resolve("state"));
        Path template = tmp.resolve(RunnerUnit.TEMPLATE);
        Files.writeString(template, unit);
        Files.writeString(tmp.resolve("factory-runner@aina-vds-aina-academy-1.service"), unit);

        for (Path f : new Path[] {template, tmp.resolve("factory-runner@aina-vds-aina-academy-1.service")}) {
            Process p = new ProcessBuilder("systemd-analyze", "verify", f.getFileName().toString()).directory(tmp.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), f + ":\n" + out);
        }
        assertTrue(unit.contains("ExecStart=" + bin + " runner-slot %i --config " + tmp.resolve("config")), unit);
        assertTrue(unit.contains("Restart=always") && unit.contains("WantedBy=multi-user.target"), "comes back after a reboot");
        assertTrue(unit.contains("ReadWritePaths=" + tmp.resolve("state")), "the slot writes only its state dir: " + unit);
        assertTrue(exposure(template) <= 2.5, "factory-runner@.service was 9.6 UNSAFE before hardening; now " + exposure(template));
    }

    @Test
    void theDaemonUnitVerifies() throws Exception {
        requireSystemdAnalyze();
        Path bin = tmp.resolve("factory");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = tmp.resolve(dev.factory.daemon.DaemonUnit.NAME);
        Files.writeString(unit, dev.factory.daemon.DaemonUnit.render(bin.toString(), "--bootstrap /etc/factory/factory.yaml"));
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.getFileName().toString()).directory(tmp.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String text = Files.readString(unit);
        assertTrue(text.contains("Restart=on-failure") && text.contains("NoNewPrivileges=yes") && text.contains("KillMode=mixed"), text);
        assertTrue(exposure(unit) <= 3.0, "factory.service was 6.7 before hardening; now " + exposure(unit));
    }

    /** systemd's own exposure score for a unit file (0 safest, 10 least). */
    private static double exposure(Path unit) throws Exception {
        Process p = new ProcessBuilder("systemd-analyze", "security", "--offline=true", unit.getFileName().toString())
                .directory(unit.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        var m = java.util.regex.Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    private static void requireSystemdAnalyze() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/systemd-analyze")) || Files.isExecutable(Path.of("/bin/systemd-analyze"));
        if (present) return;
        if ("1".equals(System.getenv("FACTORY_REQUIRE_DOCKER"))) throw new IllegalStateException("systemd-analyze is missing: apt-get install -y systemd");
        Assumptions.abort("systemd-analyze is not installed");
    }
}
