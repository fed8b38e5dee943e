package dev.factory.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An image registry of the test's own: Debian's docker-registry on 127.0.0.1 with its storage in a
 * temporary directory. Engines speak plain HTTP to a registry on the loopback, so no certificate is
 * needed; nothing here reaches beyond this machine.
 */
public final class LocalRegistry implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private LocalRegistry(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static LocalRegistry start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "fx-registry-");
        int port;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("config.yml"), "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data")
                + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        var process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        var registry = new LocalRegistry(dir, port, process);
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("docker-registry exited:\n" + Files.readString(dir.resolve("registry.log")));
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return registry;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        registry.close();
        throw new IllegalStateException("docker-registry did not answer on 127.0.0.1:" + port);
    }

    /** {@code 127.0.0.1:PORT}, for {@code cluster.registry}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileTrees.delete(dir);
    }
}
