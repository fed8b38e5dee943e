package dev.factory.notify;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code notify:} targets: exactly one of slack, webhook or command each; a command by absolute path. */
public final class NotifyRules {
    static final int DEFAULT_MAX_PER_HOUR = 20;

    private NotifyRules() {}

    public static Map<String, NotifyTarget> targets(List<Declared> declared, Diagnostics diagnostics) {
        var out = new TreeMap<String, NotifyTarget>();
        for (Declared d : declared) {
            var given = new ArrayList<String>();
            for (String field : List.of("slack", "webhook", "command")) if (d.spec().has(field)) given.add(field);
            if (given.size() != 1) {
                diagnostics.add(Diagnostic.error(d.at(), d.path(), "notify." + d.name() + " needs exactly one of slack, webhook or command"
                        + (given.isEmpty() ? "" : " (it has " + String.join(" and ", given) + ")")));
                continue;
            }
            var command = new ArrayList<String>();
            d.spec().path("command").forEach(c -> command.add(c.asText()));
            if (given.get(0).equals("command") && !command.isEmpty() && !command.get(0).startsWith("/")) {
                diagnostics.add(Diagnostic.error(d.at("command"), d.path("command"), "notify." + d.name() + ".command runs " + command.get(0)
                        + " by name: write its absolute path (/usr/local/bin/...), so what runs does not depend on PATH"));
                continue;
            }
            var on = EnumSet.noneOf(Condition.class);
            if (d.spec().has("on")) d.spec().get("on").forEach(w -> Condition.of(w.asText()).ifPresent(on::add));   // the schema checked the words
            else on.addAll(NotifyTarget.DEFAULT_ON);
            var type = switch (given.get(0)) {
                case "slack" -> NotifyTarget.Type.SLACK;
                case "webhook" -> NotifyTarget.Type.WEBHOOK;
                default -> NotifyTarget.Type.COMMAND;
            };
            out.put(d.name(), new NotifyTarget(d.name(), type, type == NotifyTarget.Type.COMMAND ? null : d.text(given.get(0)), command, on,
                    d.spec().path("maxPerHour").asInt(DEFAULT_MAX_PER_HOUR)));
        }
        return out;
    }
}
