package dev.factory.notify;

import dev.factory.secrets.Masker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs JSON to a webhook. The URL usually carries the hook's secret: errors name its scheme and
 * host only, and the body is masked of every secret factory resolved before it leaves.
 */
public final class Webhooks {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Webhooks() {}

    /** Returns the HTTP status; {@code what} names the setting in errors ("schedule.drift.webhook"). */
    public static int post(String url, String json, String what) throws IOException, InterruptedException {
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) throw new IllegalArgumentException("not an http(s) URL");
        } catch (IllegalArgumentException e) {
            throw new IOException(what + " is not a valid http(s) URL; check the value its setting resolves to");
        }
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Masker.mask(json))).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IOException(what + " at " + uri.getScheme() + "://" + uri.getHost() + " did not answer (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
