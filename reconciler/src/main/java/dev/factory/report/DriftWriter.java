package dev.factory.report;

import dev.factory.state.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes a report in every format into a directory, keeps the newest N of each, and calls the webhook. */
public final class DriftWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private DriftWriter() {}

    public static List<Path> write(DriftReport report, Path dir, int keep, List<String> formats) throws IOException {
        Files.createDirectories(dir);
        var written = new ArrayList<Path>();
        String stamp = STAMP.format(report.at());
        for (String format : formats) {
            String content = switch (format) {
                case "json" -> DriftViews.json(report);
                case "html" -> DriftViews.html(report);
                default -> DriftViews.markdown(report);
            };
            Path f = dir.resolve("drift-" + stamp + "." + format);
            AtomicFiles.write(f, content.getBytes(StandardCharsets.UTF_8));
            written.add(f);
            trim(dir, format, keep);
        }
        return written;
    }

    private static void trim(Path dir, String ext, int keep) throws IOException {
        try (var files = Files.list(dir)) {
            var reports = files.filter(p -> p.getFileName().toString().matches("drift-\\d{8}-\\d{6}\\." + ext))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
            for (Path old : reports.subList(Math.min(keep, reports.size()), reports.size())) Files.deleteIfExists(old);
        }
    }

    /** POSTs a Slack-compatible {@code {"text": ...}}; returns the HTTP status. The URL itself is never logged. */
    public static int notify(String url, String text) throws IOException, InterruptedException {
        String body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("text", text).toString();
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
