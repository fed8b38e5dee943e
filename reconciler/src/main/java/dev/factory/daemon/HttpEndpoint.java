package dev.factory.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The daemon's HTTP side ({@code schedule.http.listen}, 127.0.0.1 by default): health and
 * readiness, Prometheus metrics, the GitHub webhook receiver and a read-only status page.
 * Nothing here changes the host: a verified push asks for the reconcile the schedule would
 * have run anyway, a pull request for its read-only plan.
 */
public final class HttpEndpoint implements AutoCloseable {
    /** Webhook bodies above this are refused (GitHub caps its payloads at 25 MB; factory reads a few fields). */
    static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the endpoint reads from and asks of the daemon. */
    public interface Daemon {
        boolean healthy();

        /** Why the daemon is not ready yet, or empty once it is. */
        Optional<String> notReady();

        String metrics();

        String statusPage();

        /** The webhook secret, or null when none is configured (the hook then answers 404). */
        byte[] webhookSecret();

        /** A verified push event: returns what was done, for the answer and the log. */
        String onPush(String ref, String delivery);

        /** A verified pull_request event. */
        String onPullRequest(String action, int number, String delivery);

        void log(String line);
    }

    private final HttpServer server;
    private final ExecutorService pool;

    private HttpEndpoint(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static HttpEndpoint start(InetSocketAddress listen, Daemon daemon) throws IOException {
        HttpServer server = HttpServer.create(listen, 16);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "factory-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/healthz", x -> answer(x, daemon.healthy() ? 200 : 503, "text/plain", daemon.healthy() ? "ok\n" : "stopping\n"));
        server.createContext("/readyz", x -> {
            var why = daemon.notReady();
            answer(x, why.isEmpty() ? 200 : 503, "text/plain", why.map(w -> "not ready: " + w + "\n").orElse("ready\n"));
        });
        server.createContext("/metrics", x -> answer(x, 200, "text/plain; version=0.0.4; charset=utf-8", daemon.metrics()));
        server.createContext("/hooks/github", x -> hook(x, daemon));
        server.createContext("/", x -> {
            if (!x.getRequestURI().getPath().equals("/")) {
                answer(x, 404, "text/plain", "not found\n");
            } else if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                answer(x, 405, "text/plain", "read-only\n");
            } else {
                answer(x, 200, "text/html; charset=utf-8", daemon.statusPage());
            }
        });
        server.start();
        return new HttpEndpoint(server, pool);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    static void hook(HttpExchange x, Daemon daemon) throws IOException {
        if (!x.getRequestMethod().equals("POST")) {
            answer(x, 405, "text/plain", "POST only\n");
            return;
        }
        byte[] secret = daemon.webhookSecret();
        if (secret == null) {
            answer(x, 404, "text/plain", "no webhook configured: set schedule.http.webhookSecret\n");
            return;
        }
        String delivery = Optional.ofNullable(x.getRequestHeaders().getFirst("X-GitHub-Delivery")).orElse("?").replaceAll("[^A-Za-z0-9-]", "");
        byte[] body = read(x.getRequestBody());
        if (body == null) {
            answer(x, 413, "text/plain", "payload too large\n");
            return;
        }
        if (!WebhookSignature.valid(secret, body, x.getRequestHeaders().getFirst("X-Hub-Signature-256"))) {
            daemon.log("webhook delivery " + delivery + " rejected: missing or bad X-Hub-Signature-256");
            answer(x, 401, "text/plain", "bad signature\n");
            return;
        }
        String event = Optional.ofNullable(x.getRequestHeaders().getFirst("X-GitHub-Event")).orElse("");
        String done;
        try {
            var payload = JSON.readTree(body);
            done = switch (event) {
                case "ping" -> "pong";
                case "push" -> daemon.onPush(payload.path("ref").asText(""), delivery);
                case "pull_request" -> daemon.onPullRequest(payload.path("action").asText(""), payload.path("number").asInt(), delivery);
                default -> "ignored: factory acts on push and pull_request";
            };
        } catch (IOException notJson) {
            answer(x, 400, "text/plain", "the body is not JSON\n");
            return;
        }
        daemon.log("webhook delivery " + delivery + " (" + event.replaceAll("[^a-z_]", "") + "): " + done);
        answer(x, 202, "text/plain", done + "\n");
    }

    /** The body, or null when it is larger than {@link #MAX_BODY}. */
    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static void answer(HttpExchange x, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        if (x.getRequestMethod().equals("HEAD")) {
            x.sendResponseHeaders(status, -1);
        } else {
            x.sendResponseHeaders(status, bytes.length);
            x.getResponseBody().write(bytes);
        }
        x.close();
    }

    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
