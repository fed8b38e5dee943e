package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's client against real Unix sockets: an answer, nobody there, and a daemon that never answers. */
class ControlSocketIT {
    @TempDir
    Path tmp;

    @Test
    void aDaemonAnswers() throws Exception {
        Path path = tmp.resolve("daemon.sock");
        try (var socket = ControlSocket.open(path, request -> ControlSocket.request("echo").put("got", request.path("command").asText()), line -> { })) {
            var answer = ControlSocket.send(path, ControlSocket.request("status"));
            assertEquals("status", answer.orElseThrow().path("got").asText());
        }
        assertEquals(Optional.empty(), ControlSocket.send(path, ControlSocket.request("status")), "the socket went with the daemon");
    }

    @Test
    void whatRunsAfterAnAnswerRunsOnceTheClientHasIt() throws Exception {
        Path path = tmp.resolve("daemon.sock");
        var released = new java.util.concurrent.CountDownLatch(1);
        var ran = new java.util.concurrent.CountDownLatch(1);
        Runnable after = () -> {
            try {
                released.await(10, java.util.concurrent.TimeUnit.SECONDS);   // a collection, say: the client must not wait for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.countDown();
        };
        try (var socket = ControlSocket.open(path, request -> ControlSocket.request("echo"), after, line -> { })) {
            var answer = ControlSocket.send(path, ControlSocket.request("plan"), Duration.ofSeconds(5));
            assertEquals("echo", answer.orElseThrow().path("command").asText());
            assertEquals(1, ran.getCount(), "answered while the after-step still waits");
            released.countDown();
            assertTrue(ran.await(10, java.util.concurrent.TimeUnit.SECONDS), "and the after-step ran");
        }
    }

    @Test
    void aSocketNobodyListensOnIsNoDaemon() throws Exception {
        Path path = tmp.resolve("stale.sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path), "a stopped daemon's socket file is left behind");
        assertEquals(Optional.empty(), ControlSocket.send(path, ControlSocket.request("status")));
    }

    @Test
    void aWedgedDaemonIsAnErrorNotAHang() throws Exception {
        Path path = tmp.resolve("wedged.sock");
        List<SocketChannel> held = new ArrayList<>();
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            var accepter = new Thread(() -> {
                try {
                    held.add(server.accept());   // accepted, never answered
                } catch (IOException e) {
                    // closed
                }
            });
            accepter.start();
            long start = System.nanoTime();
            var e = assertThrows(IOException.class, () -> ControlSocket.send(path, ControlSocket.request("status"), Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("did not answer within 300 ms") && e.getMessage().contains(path.toString()), e.getMessage());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "it gave up instead of hanging");
            accepter.join();
        } finally {
            for (var c : held) c.close();
        }
    }
}
