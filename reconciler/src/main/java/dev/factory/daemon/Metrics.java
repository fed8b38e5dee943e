package dev.factory.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;

/**
 * The daemon's metrics, in Prometheus' text exposition format (version 0.0.4): counters that only
 * grow while the daemon runs, gauges read when scraped. Names follow Prometheus' conventions
 * ({@code factory_} prefix, {@code _total} counters, base units: seconds, bytes, ratios).
 */
public final class Metrics {
    /** One family: its name, type and help, and its series by label set. */
    private record Family(String name, String type, String help, Map<String, DoubleAdder> series, Map<String, Supplier<Double>> gauges,
                          java.util.List<Supplier<Map<String, Double>>> dynamic) {}

    private final Map<String, Family> families = new ConcurrentHashMap<>();

    private Family family(String name, String type, String help) {
        Family f = families.computeIfAbsent(name, n -> new Family(n, type, help, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                new java.util.concurrent.CopyOnWriteArrayList<>()));
        if (!f.type().equals(type)) throw new IllegalArgumentException(name + " is a " + f.type() + ", not a " + type);
        return f;
    }

    /** Declares a counter so it is exposed (at 0 for {@code labels}) before it first moves. */
    public void declareCounter(String name, String help, String... labels) {
        family(name, "counter", help).series().computeIfAbsent(labels(labels), l -> new DoubleAdder());
    }

    public void inc(String name, String help, double by, String... labels) {
        if (by < 0) throw new IllegalArgumentException("a counter only grows: " + name);
        family(name, "counter", help).series().computeIfAbsent(labels(labels), l -> new DoubleAdder()).add(by);
    }

    /** A gauge read at each scrape; a null reading leaves the series out of that scrape. */
    public void gauge(String name, String help, Supplier<Double> value, String... labels) {
        family(name, "gauge", help).gauges().put(labels(labels), value);
    }

    /**
     * A family whose series are read at each scrape from {@code values}: label value of {@code label}
     * to the series' value (a counter kept elsewhere, such as the Docker API calls by endpoint).
     */
    public void readAtScrape(String name, String type, String help, String label, Supplier<Map<String, ? extends Number>> values) {
        family(name, type, help).dynamic().add(() -> {
            var out = new TreeMap<String, Double>();
            values.get().forEach((k, v) -> out.put(labels(label, k), v.doubleValue()));
            return out;
        });
    }

    /** The value of one counter series, 0 when it never moved. */
    public double value(String name, String... labels) {
        Family f = families.get(name);
        if (f == null) return 0;
        DoubleAdder a = f.series().get(labels(labels));
        if (a != null) return a.sum();
        Supplier<Double> g = f.gauges().get(labels(labels));
        Double v = g == null ? null : g.get();
        return v == null ? 0 : v;
    }

    /** Every family, sorted by name, each series sorted by its labels. */
    public String render() {
        var out = new StringBuilder();
        for (Family f : new TreeMap<>(families).values()) {
            var lines = new ArrayList<String>();
            new TreeMap<>(f.series()).forEach((labels, v) -> lines.add(f.name() + labels + " " + number(v.sum())));
            new TreeMap<>(f.gauges()).forEach((labels, g) -> {
                Double v;
                try {
                    v = g.get();
                } catch (RuntimeException e) {
                    v = null;   // a reading that failed (the disk vanished) is left out, not a broken scrape
                }
                if (v != null) lines.add(f.name() + labels + " " + number(v));
            });
            for (var source : f.dynamic()) {
                try {
                    new TreeMap<>(source.get()).forEach((labels, v) -> lines.add(f.name() + labels + " " + number(v)));
                } catch (RuntimeException e) {
                    // left out of this scrape
                }
            }
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            lines.forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    /** {@code {a="1",b="2"}} from name/value pairs, values escaped; empty for none. */
    static String labels(String... pairs) {
        if (pairs.length % 2 != 0) throw new IllegalArgumentException("labels come in name/value pairs");
        if (pairs.length == 0) return "";
        var parts = new ArrayList<String>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i].matches("[a-zA-Z_][a-zA-Z0-9_]*")) throw new IllegalArgumentException("bad label name: " + pairs[i]);
            parts.add(pairs[i] + "=\"" + pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"");
        }
        return "{" + String.join(",", parts) + "}";
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    List<String> names() {
        return List.copyOf(new TreeMap<>(families).keySet());
    }
}
