package dev.factory.mcpbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Jar;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server closes a keep-alive connection once it has been idle for its timeout; a request sent on
 * it at that moment is lost, unanswered, and the bridge rightly does not repeat a call the server
 * may have run (McpBridgeSdkIT lost one of 200 calls that way against Node, whose timeout is 5 s).
 * This server makes the moment deterministic: a request arriving on a connection idle for 1.5 s
 * or more is dropped with the connection. The bridge closes connections idle for its keep-alive
 * (4 s by default, 1 s here) first, so its call after a 2.5 s pause goes out on a new connection
 * and is answered; with a keep-alive longer than the server's, the same call is lost.
 */
class McpBridgeKeepAliveIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SERVER_IDLE_MS = 1500;

    private ServerSocket server;
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s), "keep-alive-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "keep-alive-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** HTTP/1.1 with keep-alive: JSON answers to POSTs, 405 to the GET stream; drops a request that comes after the idle timeout. */
    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            long idleSince = System.nanoTime();
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) return;
                if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSince) >= SERVER_IDLE_MS) {
                    dropped.incrementAndGet();
                    return;   // the server's idle close, racing the request: nothing is answered
                }
                var headers = new HashMap<String, String>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                String response;
                if (requestLine.startsWith("GET")) {
                    response = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n";
                } else if (requestLine.startsWith("DELETE")) {
                    response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                } else {
                    JsonNode message = JSON.readTree(body);
                    if (!message.has("id")) {
                        response = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";
                    } else {
                        String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":{\"protocolVersion\":\"2025-06-18\",\"ok\":true}}";
                        response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: s-1\r\nContent-Length: "
                                + answer.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + answer;
                    }
                }
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
                idleSince = System.nanoTime();
            }
        } catch (IOException e) {
            // the bridge closed it
        }
    }

    private static String line(InputStream in) throws IOException {
        var b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') return b.toString(StandardCharsets.UTF_8).replace("\r", "");
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** Two calls 2.5 s apart through a bridge process with this keep-alive; its answers by id. */
    private Map<Integer, JsonNode> twoCallsApart(String keepAlive) throws Exception {
        var cmd = new ArrayList<>(Jar.command("mcp-bridge", "http://127.0.0.1:" + server.getLocalPort() + "/mcp", "--keep-alive", keepAlive,
                "--retries", "2", "--timeout", "3000"));
        Process bridge = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var answers = new HashMap<Integer, JsonNode>();
        Thread reader = new Thread(() -> {
            try (var r = new BufferedReader(new InputStreamReader(bridge.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    JsonNode m = JSON.readTree(l);
                    synchronized (answers) {
                        answers.put(m.path("id").asInt(), m);
                    }
                }
            } catch (IOException e) {
                // ended
            }
        });
        reader.start();
        try (OutputStream stdin = bridge.getOutputStream()) {
            for (String l : List.of("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\"}}")) {
                stdin.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); ; Thread.sleep(20)) {
                synchronized (answers) {
                    if (answers.containsKey(1)) break;
                }
                assertTrue(System.nanoTime() < deadline, "the first call was answered");
            }
            Thread.sleep(2500);   // every connection now idle past the server's 1.5 s
            stdin.write("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"add\"}}\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
        assertTrue(bridge.waitFor(30, TimeUnit.SECONDS), "the bridge ends when stdin does");
        reader.join(5000);
        return answers;
    }

    @Test
    void aCallAfterAPauseGoesOutOnAFreshConnectionAndIsAnswered() throws Exception {
        var answers = twoCallsApart("1");
        assertTrue(answers.get(2).has("result"), "answered: " + answers);
        assertEquals(0, dropped.get(), "no request was sent on a connection the server was closing");
    }

    @Test
    void withAKeepAliveLongerThanTheServersTheSameCallIsLost() throws Exception {
        var answers = twoCallsApart("1200");
        assertTrue(dropped.get() >= 1, "the pooled connection was reused past the server's idle timeout");
        assertTrue(answers.get(2).has("error") && !answers.get(2).has("result"),
                "a call the server may have run is not repeated; it gets an error: " + answers.get(2));
    }
}
