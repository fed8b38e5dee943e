package dev.factory.mcpbridge;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The GET stream on which the server sends what no request asked for (notifications, its own
 * requests). Opened once the session is initialized, re-opened with {@code Last-Event-ID} when
 * it drops, closed when the session changes or the bridge stops; a server without one (405) is
 * left alone.
 */
final class ServerStream {
    private final McpBridge bridge;
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    private volatile String session;
    private volatile InputStream body;
    private volatile String lastEventId;
    private volatile CompletableFuture<Void> opened = CompletableFuture.completedFuture(null);
    private int generation;

    ServerStream(McpBridge bridge) {
        this.bridge = bridge;
    }

    synchronized void start(String session) {
        if (session == null || session.equals(this.session)) return;
        stop();
        this.session = session;
        lastEventId = null;
        var ready = new CompletableFuture<Void>();
        opened = ready;
        int mine = ++generation;
        Thread t = new Thread(() -> follow(session, mine, ready), "mcp-bridge-get");
        t.setDaemon(true);
        t.start();
    }

    synchronized void stop() {
        generation++;
        session = null;
        opened.complete(null);
        closeBody();
    }

    /**
     * Waits (at most {@code limit}) until the first attempt to open the stream has an answer: the
     * server drops what it sends while no stream is open, so nothing may reach it before.
     */
    void awaitOpen(Duration limit) {
        try {
            opened.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            bridge.log().accept("mcp-bridge: the server's stream did not open within " + limit.toMillis() + " ms; going on without it");
        } catch (ExecutionException e) {
            // never completed exceptionally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized boolean current(int mine) {
        return mine == generation && bridge.running();
    }

    private void follow(String session, int mine, CompletableFuture<Void> ready) {
        try {
            open(session, mine, ready);
        } finally {
            ready.complete(null);
        }
    }

    private void open(String session, int mine, CompletableFuture<Void> ready) {
        long backoff = 200;
        while (current(mine)) {
            try {
                var request = bridge.base(session).header("Accept", "text/event-stream").GET();
                if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
                HttpResponse<InputStream> response = bridge.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status == 405) {
                    response.body().close();
                    return;   // the server offers no GET stream
                }
                if (status == 404 || status == 400) {
                    String refusal;
                    try (InputStream b = response.body()) {
                        refusal = new String(b.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    }
                    if (!McpBridge.sessionLost(status, refusal)) throw new IOException("HTTP " + status);
                    bridge.reinitialize(session);
                    return;   // a new session opens its own stream
                }
                if (status >= 300) {
                    response.body().close();
                    throw new IOException("HTTP " + status);
                }
                body = response.body();
                if (!current(mine)) closeBody();
                ready.complete(null);
                var events = new SseReader(body);
                for (SseReader.Event e = events.next(); e != null && current(mine); e = events.next()) {
                    if (e.id() != null) lastEventId = e.id();
                    bridge.emit(json.readTree(e.data()));
                }
                backoff = 200;
            } catch (IOException e) {
                ready.complete(null);   // a first attempt that failed: the client is not held up by retries
                if (current(mine)) bridge.log().accept("mcp-bridge: the server's stream dropped (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); re-opening");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            McpBridge.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            backoff = Math.min(backoff * 2, 5_000);
        }
    }

    private void closeBody() {
        InputStream b = body;
        body = null;
        if (b != null) {
            try {
                b.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
