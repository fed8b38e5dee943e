package dev.factory.docker;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 GET to the engine on a connection of its own ({@code Connection: close}), for the
 * list calls of a plan. docker-java's HTTP client (a shaded Apache client that sets up TLS even
 * for a unix socket) costs a short CLI run ~400 classes before its first request; this is the
 * little a GET of a JSON list needs: a status line, headers, and a body framed by
 * {@code Content-Length}, chunked, or the connection's end.
 */
final class PlainHttp {
    /** An answer's head may not exceed this (the engine's are a few hundred bytes). */
    static final int MAX_HEAD = 64 * 1024;
    /** Nor its body (a list of 5,000 objects is a few MB). */
    static final long MAX_BODY = 1L << 30;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    record Answer(int status, byte[] body) {}

    private PlainHttp() {}

    /** {@code GET path} at {@code endpoint} ({@code unix:///PATH} or {@code tcp://HOST:PORT}, see {@link DockerGateway#isEndpoint}). */
    static Answer get(String endpoint, String path) throws IOException {
        URI uri = URI.create(endpoint);
        String request = "GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: factory\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
        if ("unix".equals(uri.getScheme())) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(uri.getPath()));
                return exchange(request, Channels.newOutputStream(channel), Channels.newInputStream(channel));
            }
        }
        if ("tcp".equals(uri.getScheme())) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MS);
                return exchange(request, socket.getOutputStream(), socket.getInputStream());
            }
        }
        throw new IOException("not an endpoint factory speaks to: " + endpoint);
    }

    private static Answer exchange(String request, OutputStream out, InputStream in) throws IOException {
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read(new java.io.BufferedInputStream(in, 64 * 1024));
    }

    /** Reads one answer: its status line, headers and body. */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in, new int[] {0});
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + printable(statusLine));
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + printable(statusLine));
        }
        long length = -1;
        boolean chunked = false;
        int[] headBytes = {statusLine.length()};
        for (String header = line(in, headBytes); !header.isEmpty(); header = line(in, headBytes)) {
            int colon = header.indexOf(':');
            if (colon <= 0) throw new IOException("malformed header: " + printable(header));
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) length = parseLength(value);
            if (name.equals("transfer-encoding")) chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        }
        byte[] body;
        if (chunked) body = chunked(in);
        else if (length >= 0) body = exactly(in, length);
        else body = untilEnd(in);
        return new Answer(code, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in, new int[1]);
            int semicolon = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: " + printable(size));
            }
            if (n < 0 || out.size() + n > MAX_BODY) throw new IOException("chunk size out of range: " + printable(size));
            if (n == 0) break;
            out.write(exactly(in, n));
            if (!line(in, new int[1]).isEmpty()) throw new IOException("a chunk longer than its size");
        }
        for (String trailer = line(in, new int[1]); !trailer.isEmpty(); trailer = line(in, new int[1])) {
            // trailers carry nothing a list needs
        }
        return out.toByteArray();
    }

    private static byte[] exactly(InputStream in, long n) throws IOException {
        if (n > MAX_BODY) throw new IOException("an answer of " + n + " bytes is more than factory reads");
        byte[] body = in.readNBytes((int) n);
        if (body.length < n) throw new EOFException("the answer ended after " + body.length + " of " + n + " bytes");
        return body;
    }

    private static byte[] untilEnd(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (out.size() + n > MAX_BODY) throw new IOException("an answer of more than " + MAX_BODY + " bytes is more than factory reads");
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static long parseLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length: " + printable(value));
        }
    }

    /** One CRLF- (or LF-) ended line of the head, in ISO-8859-1; {@code counted[0]} keeps the head's size. */
    private static String line(InputStream in, int[] counted) throws IOException {
        var sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new EOFException("the answer ended in its head");
            if (++counted[0] > MAX_HEAD) throw new IOException("an answer's head longer than " + MAX_HEAD + " bytes");
            sb.append((char) b);
        }
        int end = sb.length();
        if (end > 0 && sb.charAt(end - 1) == '\r') sb.setLength(end - 1);
        return sb.toString();
    }

    private static String printable(String text) {
        return dev.factory.runtime.Printable.escape(text.length() > 80 ? text.substring(0, 80) + "..." : text);
    }
}
