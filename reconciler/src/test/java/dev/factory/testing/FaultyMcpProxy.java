package dev.factory.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Proxies on 127.0.0.1 that break an MCP server's traffic on purpose, after the server has done its work or at connect. */
public final class FaultyMcpProxy {
    private FaultyMcpProxy() {}

    public enum Fault { NONE, GATEWAY_TIMEOUT, TRUNCATED }

    /**
     * An HTTP proxy to {@code upstream}: each POST is forwarded whole, then answered as {@code decide}
     * says from its body: as the server answered, a 504 (the server ran it; the answer is lost), or
     * the server's answer cut in half. GET is refused (405). Each POST goes upstream on a connection
     * of its own: a pooled one the server closed while idle would fail the forward, and the bridge
     * would see a fault the test did not inject (a connection closed with no answer). Should the
     * forward fail all the same, the proxy answers 502 naming why, and says so on stderr.
     */
    public static HttpServer http(URI upstream, Function<String, Fault> decide) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                forward(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), upstream, decide, exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    private static void forward(HttpClient client, URI upstream, Function<String, Fault> decide, HttpExchange exchange)
            throws IOException, InterruptedException {
        if (exchange.getRequestMethod().equals("GET")) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        var request = HttpRequest.newBuilder(upstream).method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : List.of("Content-Type", "Accept", "Mcp-Session-Id", "MCP-Protocol-Version")) {
            String v = exchange.getRequestHeaders().getFirst(h);
            if (v != null) request.header(h, v);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            String why = "FaultyMcpProxy: the forward to " + upstream + " failed, a fault nobody injected: " + e;
            System.err.println(why);
            byte[] text = why.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, text.length);
            exchange.getResponseBody().write(text);
            return;
        }
        Fault fault = decide.apply(new String(body, StandardCharsets.UTF_8));
        if (fault == Fault.GATEWAY_TIMEOUT) {
            exchange.sendResponseHeaders(504, -1);
            return;
        }
        response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
        response.headers().firstValue("Mcp-Session-Id").ifPresent(v -> exchange.getResponseHeaders().add("Mcp-Session-Id", v));
        byte[] answer = response.body();
        if (fault == Fault.TRUNCATED) {
            exchange.sendResponseHeaders(response.statusCode(), 0);
            exchange.getResponseBody().write(answer, 0, answer.length / 2);
            return;
        }
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) exchange.getResponseBody().write(answer);
    }

    /** A TCP proxy to 127.0.0.1:{@code port} that resets {@code percent}% of the connections it accepts, at once. */
    public static final class ConnectFaults implements AutoCloseable {
        private final ServerSocket listener;
        private final AtomicInteger reset = new AtomicInteger();
        private final AtomicInteger accepted = new AtomicInteger();

        public ConnectFaults(int port, int percent, long seed) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            var random = new Random(seed);
            Thread t = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket in = listener.accept();
                        accepted.incrementAndGet();
                        if (random.nextInt(100) < percent) {
                            reset.incrementAndGet();
                            in.setSoLinger(true, 0);
                            in.close();
                            continue;
                        }
                        Socket out = new Socket(InetAddress.getLoopbackAddress(), port);
                        pump(in, out);
                        pump(out, in);
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "connect-faults");
            t.setDaemon(true);
            t.start();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // one side closed
                } finally {
                    try {
                        to.shutdownOutput();
                    } catch (IOException e) {
                        // already closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        public int port() {
            return listener.getLocalPort();
        }

        public int reset() {
            return reset.get();
        }

        public int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
