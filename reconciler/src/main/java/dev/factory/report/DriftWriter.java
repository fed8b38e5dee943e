package dev.factory.report;

import dev.factory.schedule.ScheduleSection;
import dev.factory.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Calls {@code schedule.drift.webhook} (its secret reference resolved) when the report finds drift or failing jobs. */
    public static java.util.Optional<Integer> notifyIfDrift(dev.factory.config.Desired desired, DriftReport report) throws IOException, InterruptedException {
        String hook = desired.get(ScheduleSection.SECTION).webhook();
        if (hook == null || !report.hasDriftOrFailures()) return java.util.Optional.empty();
        String url = desired.secrets().resolve(hook);
        return java.util.Optional.of(notify(url, report.oneLine()));
    }

    /** POSTs a Slack-compatible {@code {"text": ...}}; returns the HTTP status. The URL itself is never logged. */
    public static int notify(String url, String text) throws IOException, InterruptedException {
        return dev.factory.notify.Webhooks.post(url, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("text", text).toString(),
                "the drift webhook");
    }
}
