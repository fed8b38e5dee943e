package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.factory.report.DriftWriter;
import dev.factory.testing.Cli;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook and install-systemd against local stand-ins: an HTTP server on 127.0.0.1, a recording systemctl. */
class DaemonPartsIT {
    @TempDir
    Path tmp;

    @Test
    void theWebhookPostsSlackCompatibleJson() throws Exception {
        var bodies = new ArrayList<String>();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", x -> {
            bodies.add(x.getRequestHeaders().getFirst("Content-Type") + " " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        try {
            int status = DriftWriter.notify("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", "factory drift on box: 1 corrective");
            assertEquals(200, status);
            assertEquals(List.of("application/json {\"text\":\"factory drift on box: 1 corrective\"}"), bodies);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void installSystemdWritesTheUnitAndStartsIt() throws Exception {
        Path calls = tmp.resolve("calls");
        Path systemctl = tmp.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\necho \"$*\" >> " + calls + "\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("host.yaml"), "host:\n  name: box\n  stateDir: ../state\n"
                + "  systemd: {unitDir: " + tmp.resolve("units") + ", systemctl: " + systemctl + ", factoryBin: /usr/local/bin/factory}\n");

        var run = Cli.run("install-systemd", "--config", config.toString());

        assertEquals(0, run.exitCode(), run.all());
        String unit = Files.readString(tmp.resolve("units/factory.service"));
        assertTrue(unit.contains("ExecStart=/usr/local/bin/factory daemon --config " + config), unit);
        assertEquals(List.of("daemon-reload", "enable --now factory.service"), Files.readAllLines(calls));
    }
}
