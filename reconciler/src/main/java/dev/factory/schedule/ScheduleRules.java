package dev.factory.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.config.Age;
import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads {@code schedule:} and {@code jobs:}: valid intervals or cron expressions, declared profiles. */
public final class ScheduleRules {
    private ScheduleRules() {}

    public static ScheduleSpec schedule(List<Declared> declared, Diagnostics diagnostics) {
        var d = ScheduleSpec.defaults();
        if (declared.isEmpty()) return d;
        Declared s = declared.get(0);
        JsonNode n = s.spec();
        return new ScheduleSpec(when(s, "reconcile", d.reconcile(), diagnostics), when(s, "driftReport", d.driftReport(), diagnostics),
                n.path("autoApply").asBoolean(false), n.path("jitter").asInt(d.jitterPercent()), n.path("drift").path("keep").asInt(d.driftKeep()),
                n.path("drift").hasNonNull("webhook") ? n.path("drift").get("webhook").asText() : null, n.path("drift").path("doctor").asBoolean(true),
                http(s, diagnostics));
    }

    /** {@code schedule.http}: HOST:PORT (the schema checked the form), a warning when it is not loopback. */
    static ScheduleSpec.Http http(Declared s, Diagnostics diagnostics) {
        JsonNode n = s.spec().path("http");
        if (!n.isObject()) return null;
        String listen = n.path("listen").asText(ScheduleSpec.Http.DEFAULT_LISTEN);
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon);
        int port = Integer.parseInt(listen.substring(colon + 1));
        if (port > 65535) {
            diagnostics.add(Diagnostic.error(s.at("http"), s.path("http") + ".listen", "port " + port + " is not a TCP port (1-65535, or 0 for any free one)"));
            return null;
        }
        var http = new ScheduleSpec.Http(host, port, n.hasNonNull("webhookSecret") ? n.get("webhookSecret").asText() : null);
        if (!http.loopback()) {
            diagnostics.add(Diagnostic.warning(s.at("http"), s.path("http") + ".listen", "the daemon's endpoint listens on " + listen
                    + ", beyond this host: put a TLS proxy or an SSH tunnel in front (docs/operations.md); the status page shows the host's objects"));
        }
        if (http.webhookSecret() != null && !http.webhookSecret().startsWith("${")) {
            diagnostics.add(Diagnostic.error(s.at("http"), s.path("http") + ".webhookSecret",
                    "the webhook secret must be a secret reference (${secret:FILE#KEY} or ${env:VAR}), never the value itself"));
        }
        return http;
    }

    public static Map<String, JobSpec> jobs(List<Declared> declared, Set<String> profiles, Diagnostics diagnostics) {
        var out = new TreeMap<String, JobSpec>();
        for (Declared d : declared) {
            String profile = d.text("profile");
            if (!profiles.contains(profile)) {
                diagnostics.add(Diagnostic.error(d.at("profile"), d.path("profile"), "profile '" + profile + "' is not declared" + Suggestions.didYouMean(profile, profiles)));
            }
            var command = new ArrayList<String>();
            d.spec().path("command").forEach(c -> command.add(c.asText()));
            out.put(d.name(), new JobSpec(d.name(), when(d, "schedule", null, diagnostics), profile, command,
                    d.spec().hasNonNull("timeout") ? Age.parse(d.spec().get("timeout").asText()).duration() : java.time.Duration.ofMinutes(30),
                    d.spec().path("failAfter").asInt(3)));
        }
        return out;
    }

    private static When when(Declared d, String field, When fallback, Diagnostics diagnostics) {
        String text = d.text(field);
        if (text == null) return fallback;
        try {
            return When.parse(text);
        } catch (IllegalArgumentException e) {
            diagnostics.add(Diagnostic.error(d.at(field), d.path(field), e.getMessage()));
            return fallback;
        }
    }
}
