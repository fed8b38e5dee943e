package dev.factory.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code git daemon} serving the bare repos under a directory on 127.0.0.1 only. */
public final class GitDaemon implements AutoCloseable {
    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static GitDaemon serve(Path base) throws IOException, InterruptedException {
        int port;
        try (var probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder("git", "daemon", "--base-path=" + base, "--export-all", "--reuseaddr",
                "--listen=127.0.0.1", "--port=" + port, base.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new GitDaemon(p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("git daemon did not listen on 127.0.0.1:" + port);
    }

    public String url(String repo) {
        return "git://127.0.0.1:" + port + "/" + repo;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
