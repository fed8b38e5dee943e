package dev.factory.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Function;

/**
 * The daemon's control socket: a Unix socket in the state dir, mode 0600 (root's alone, as the state
 * dir is). One request per connection, one JSON line each way: {@code {"command": "reconcile" |
 * "suspend" | "resume" | "status" | "plan", ...}} answered with a JSON object. Nothing but these
 * five commands exists on it, and only {@code plan} reads a path from the request (a config
 * directory to load and plan, never to write).
 */
public final class ControlSocket implements AutoCloseable {
    static final int MAX_REQUEST = 4096;
    /** Made on first use: a CLI that asks a daemon with a line of its own never needs it (see {@link #exchange}). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Function<JsonNode, ObjectNode> handler, Runnable answered,
                          java.util.function.Consumer<String> log) {
        this.path = path;
        this.server = server;
        this.acceptor = new Thread(() -> serve(handler, answered, log), "factory-control");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * Binds {@code path} (a socket a previous daemon left is replaced; anything else there, a link
     * included, is refused) and answers each request with {@code handler}.
     */
    public static ControlSocket open(Path path, Function<JsonNode, ObjectNode> handler, java.util.function.Consumer<String> log) throws IOException {
        return open(path, handler, () -> { }, log);
    }

    /** As above, running {@code answered} after each answer is written and the client let go (never before: it waits for nothing). */
    public static ControlSocket open(Path path, Function<JsonNode, ObjectNode> handler, Runnable answered, java.util.function.Consumer<String> log)
            throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            var attrs = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) throw new IOException(path + " exists and is not a socket; not replacing it");
            Files.delete(path);
        }
        var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return new ControlSocket(path, server, handler, answered, log);
    }

    /** Requests answered side by side (a plan takes a second or more; status must not wait for it), a few at most. */
    private final java.util.concurrent.ExecutorService workers = new java.util.concurrent.ThreadPoolExecutor(1, 4, 30, java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.ArrayBlockingQueue<>(16), r -> {
                var t = new Thread(r, "factory-control-request");
                t.setDaemon(true);
                return t;
            });

    private void serve(Function<JsonNode, ObjectNode> handler, Runnable answered, java.util.function.Consumer<String> log) {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (java.nio.channels.ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                log.accept("control socket: " + e.getMessage());
                continue;
            }
            try {
                workers.execute(() -> {
                    answer(client, handler, log);
                    answered.run();
                });
            } catch (java.util.concurrent.RejectedExecutionException busy) {
                try {
                    client.close();   // more requests waiting than the daemon answers: the client says nobody answered
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private static void answer(SocketChannel channel, Function<JsonNode, ObjectNode> handler, java.util.function.Consumer<String> log) {
        try (SocketChannel client = channel) {
            ObjectNode answer;
            try {
                answer = handler.apply(Json.MAPPER.readTree(readLine(client)));
            } catch (IOException | RuntimeException e) {
                answer = Json.MAPPER.createObjectNode().put("ok", false).put("error", "bad request: " + e.getMessage());
            }
            var out = ByteBuffer.wrap((Json.MAPPER.writeValueAsString(answer) + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) client.write(out);
        } catch (IOException e) {
            log.accept("control socket: " + e.getMessage());
        }
    }

    private static String readLine(SocketChannel channel) throws IOException {
        var in = Channels.newInputStream(channel);
        var buf = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (buf.size() >= MAX_REQUEST) throw new IOException("request longer than " + MAX_REQUEST + " bytes");
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Sends one request to the daemon listening on {@code path}; empty when no daemon listens there. */
    public static Optional<JsonNode> send(Path path, ObjectNode request) throws IOException {
        return send(path, request, ANSWER_WITHIN);
    }

    /** How long a client waits for the daemon's answer once it accepted the request. */
    static final java.time.Duration ANSWER_WITHIN = java.time.Duration.ofSeconds(10);

    /**
     * Sends one request and reads the answer; empty when nothing listens there. A daemon that
     * accepts but does not answer within {@code within} (wedged) is an IOException, never a hang.
     */
    public static Optional<JsonNode> send(Path path, ObjectNode request, java.time.Duration within) throws IOException {
        return exchange(path, line(request), within, ControlSocket::readAnswer);
    }

    /** {@code request} as the one JSON line a request is. */
    public static byte[] line(JsonNode request) throws IOException {
        return (Json.MAPPER.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A daemon's answer as a JSON tree. */
    public static JsonNode readAnswer(java.io.InputStream answer) throws IOException {
        return Json.MAPPER.readTree(answer);
    }

    /** Reads a daemon's answer from its connection. */
    @FunctionalInterface
    public interface AnswerReader<T> {
        T read(java.io.InputStream answer) throws IOException;
    }

    /**
     * {@link #send} for a request already written as its JSON line, the answer read by {@code read}
     * (a short CLI run that asks a daemon need not start Jackson's object mapper for one line each way).
     */
    public static <T> Optional<T> exchange(Path path, byte[] requestLine, java.time.Duration within, AnswerReader<T> read) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            var request = ByteBuffer.wrap(requestLine);
            while (request.hasRemaining()) channel.write(request);
            channel.shutdownOutput();
            var answer = new java.util.concurrent.FutureTask<>(() -> read.read(Channels.newInputStream(channel)));
            var reader = new Thread(answer, "control-client");
            reader.setDaemon(true);
            reader.start();
            try {
                return Optional.of(answer.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("the daemon at " + path + " took the request but did not answer within "
                        + (within.toMillis() % 1000 == 0 ? within.toSeconds() + " s" : within.toMillis() + " ms") + "; it may be stuck (see its log, or restart it: systemctl restart factory)");
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof java.net.SocketException) return Optional.empty();
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the daemon");
            }
        } catch (java.net.SocketException refused) {
            return Optional.empty();   // a socket a stopped daemon left: nobody answers
        }
    }

    public static ObjectNode request(String command) {
        return Json.MAPPER.createObjectNode().put("command", command);
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
        Files.deleteIfExists(path);
    }
}
