package dev.factory.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the kept reports said, oldest first: the trend lines of the next report (disk, drift,
 * jobs) and when a live change was first seen. Read from the JSON reports in the report
 * directory; one that cannot be read is left out rather than failing the new report.
 */
public record DriftHistory(List<Point> points) {
    public static final DriftHistory NONE = new DriftHistory(List.of());

    /** One kept report. {@code diskPercent} is null when that report could not read the disk. */
    public record Point(Instant at, Double diskPercent, int corrective, int intentional, int unknown, int jobs, int jobsFailing,
                        Set<String> correctiveAddresses) {}

    public DriftHistory {
        points = List.copyOf(points);
    }

    public static DriftHistory read(Path dir) {
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return NONE;
        var mapper = new ObjectMapper();
        var points = new ArrayList<Point>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("drift-\\d{8}-\\d{6}\\.json")).toList()) {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > 16 << 20) continue;
                try {
                    points.add(point(mapper.readTree(f.toFile())));
                } catch (IOException | RuntimeException unreadable) {
                    // a damaged or foreign file in the report dir: not part of the trend
                }
            }
        } catch (IOException e) {
            return NONE;
        }
        points.sort(Comparator.comparing(Point::at));
        return new DriftHistory(points);
    }

    static Point point(JsonNode root) {
        var summary = root.path("summary");
        var corrective = new TreeSet<String>();
        root.path("changes").forEach(c -> {
            if (c.path("kind").asText().equals("corrective")) corrective.add(c.path("address").asText());
        });
        int failing = 0;
        for (JsonNode j : root.path("jobs")) if (j.path("failing").asBoolean()) failing++;
        JsonNode disk = root.path("disk");
        return new Point(Instant.parse(root.path("at").asText()), disk.isObject() ? disk.path("percent").asDouble() : null,
                summary.path("corrective").asInt(), summary.path("intentional").asInt(), summary.path("unknown").asInt(),
                root.path("jobs").size(), failing, corrective);
    }

    /**
     * When {@code address} was first seen as corrective drift, counting back through the reports
     * that saw it without a break; empty when the newest kept report did not see it.
     */
    public java.util.Optional<Instant> firstSeenCorrective(String address) {
        Instant first = null;
        for (int i = points.size() - 1; i >= 0; i--) {
            if (!points.get(i).correctiveAddresses().contains(address)) break;
            first = points.get(i).at();
        }
        return java.util.Optional.ofNullable(first);
    }
}
