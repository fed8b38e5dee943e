package dev.factory.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Unix socket in front of the real Docker engine's, which a test can cut: the engine "stops"
 * for factory (connections reset, new ones refused) while it keeps running for everything else.
 * {@link #stopOn} cuts at the first request whose line contains a given text, to stop the engine
 * in the middle of a plan.
 */
public final class EngineProxy implements AutoCloseable {
    private final Path socket;
    private final Path engine;
    private final ServerSocketChannel server;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile String stopOn;
    private volatile boolean stopped;
    private final StringBuffer requests = new StringBuffer();

    private EngineProxy(Path socket, Path engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread accept = new Thread(this::accept, "engine-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Listens at {@code socket}, forwarding to the engine's socket (DOCKER_HOST's, else /var/run/docker.sock). */
    public static EngineProxy start(Path socket) throws IOException {
        String host = System.getenv("DOCKER_HOST");
        Path engine = host != null && host.startsWith("unix://") ? Path.of(host.substring(7)) : Path.of("/var/run/docker.sock");
        return new EngineProxy(socket, engine);
    }

    public String url() {
        return "unix://" + socket;
    }

    /** The next request whose request line contains {@code text} finds the engine gone. */
    public void stopOn(String text) {
        stopOn = text;
    }

    /** Whether a request whose request line contains {@code text} has gone to the engine. */
    public boolean seen(String text) {
        return seenSince(0, text);
    }

    /** Where the request record ends now: pass it to {@link #seenSince} to look only at later requests. */
    public int mark() {
        return requests.length();
    }

    /** Whether a request containing {@code text} has gone to the engine since {@code mark}. */
    public boolean seenSince(int mark, String text) {
        return requests.indexOf(text, mark) >= 0;
    }

    /** The engine is gone from now on: open connections are reset, new ones refused. */
    public void stop() {
        stopped = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (SocketChannel c : open) {
            try {
                c.close();
            } catch (IOException e) {
                // already closed
            }
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the next start replaces it
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void accept() {
        while (!stopped) {
            try {
                SocketChannel client = server.accept();
                SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(engine));
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                return;   // closed by stop()
            }
        }
    }

    private static final java.util.regex.Pattern REQUEST_LINE = java.util.regex.Pattern.compile("(?:GET|POST|PUT|DELETE|HEAD) /[^\\r\\n ]* HTTP/1\\.[01]");

    /** Keeps the request lines only (never bodies, such as build context tars), so the record stays small however long a test runs. */
    private void record(String text) {
        var m = REQUEST_LINE.matcher(text);
        while (m.find()) requests.append(m.group()).append('\n');
    }

    private void pump(SocketChannel from, SocketChannel to, boolean requests) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    String cut = stopOn;
                    String text = requests ? StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString() : "";
                    if (requests) record(text);
                    if (requests && cut != null && text.contains(cut)) {
                        stop();
                        return;
                    }
                    while (buffer.hasRemaining()) to.write(buffer);
                    buffer.clear();
                }
            } catch (IOException e) {
                // one side closed: close the other
            }
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // already closed
            }
        }, "engine-proxy-pump");
        t.setDaemon(true);
        t.start();
    }
}
