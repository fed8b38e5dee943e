package dev.factory.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small line charts as inline SVG (no script, no external asset): the drift report's trends over
 * the kept reports. Pure: the same series always give the same markup.
 */
final class Charts {
    static final int WIDTH = 560;
    static final int HEIGHT = 160;
    private static final int LEFT = 40;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;

    /** One line: its label, colour and a value per point (null where that report had none). */
    record Series(String label, String colour, List<Double> values) {}

    private Charts() {}

    /**
     * A chart of {@code series} over the report times {@code at} (oldest first); {@code max} the top
     * of the y axis (null: the largest value, at least 1); {@code alert} a dashed threshold, or null.
     */
    static String line(String title, List<Instant> at, List<Series> series, Double max, Double alert) {
        double top = max != null ? max : Math.max(1, series.stream().flatMap(s -> s.values().stream())
                .filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(1));
        if (alert != null) top = Math.max(top, alert);
        var svg = new StringBuilder();
        svg.append("<svg role=\"img\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" aria-label=\"").append(esc(title)).append("\">")
                .append("<title>").append(esc(title)).append("</title>");
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW).append("\" height=\"").append(plotH)
                .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        svg.append(text(LEFT - 4, TOP + 4, fmt(top), "end")).append(text(LEFT - 4, TOP + plotH, "0", "end"));
        if (!at.isEmpty()) {
            svg.append(text(LEFT, HEIGHT - 8, DriftViews.day(at.get(0)), "start"));
            if (at.size() > 1) svg.append(text(WIDTH - RIGHT, HEIGHT - 8, DriftViews.day(at.get(at.size() - 1)), "end"));
        }
        if (alert != null) {
            double y = TOP + plotH - plotH * alert / top;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(fmt(y)).append("\" y2=\"")
                    .append(fmt(y)).append("\" stroke=\"#b00020\" stroke-dasharray=\"4 3\"/>")
                    .append(text(LEFT + plotW - 4, (int) y - 3, "alert " + fmt(alert), "end"));
        }
        int legendX = LEFT + 6;
        for (Series s : series) {
            var points = new ArrayList<String>();
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                if (v == null) continue;
                double x = at.size() <= 1 ? LEFT + plotW / 2.0 : LEFT + plotW * i / (double) (at.size() - 1);
                double y = TOP + plotH - plotH * v / top;
                points.add(fmt(x) + "," + fmt(y));
                svg.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"2.5\" fill=\"").append(s.colour())
                        .append("\"><title>").append(esc(s.label() + " " + fmt(v) + " at " + at.get(i))).append("</title></circle>");
            }
            if (points.size() > 1) {
                svg.append("<polyline fill=\"none\" stroke=\"").append(s.colour()).append("\" stroke-width=\"2\" points=\"")
                        .append(String.join(" ", points)).append("\"/>");
            }
            svg.append("<rect x=\"").append(legendX).append("\" y=\"").append(TOP + 4).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(s.colour()).append("\"/>").append(text(legendX + 14, TOP + 13, s.label(), "start"));
            legendX += 24 + 7 * s.label().length();
        }
        return svg.append("</svg>").toString();
    }

    private static String text(int x, int y, String content, String anchor) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"11\" fill=\"#555\" text-anchor=\"" + anchor + "\">" + esc(content) + "</text>";
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
