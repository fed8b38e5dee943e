package dev.factory.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** The bodies alerts are sent as: Slack's {@code {"text"}} and factory's own JSON (webhook and command). */
final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MOST_LINES = 20;

    private Messages() {}

    /** One alert in a line: {@code [FIRING] drift found: container/web (create: missing)}. */
    static String line(Alerts.Alert a) {
        String word = switch (a.state()) {
            case FIRING -> "FIRING";
            case CLEARED -> "CLEARED";
            case EVENT -> "EVENT";
        };
        return "[" + word + "] " + a.condition().title() + ": " + a.subject() + (a.text() == null || a.text().isEmpty() ? "" : " (" + a.text() + ")")
                + (a.state() == Alerts.State.CLEARED ? ", held since " + a.since() : "");
    }

    /** Slack's incoming-webhook body: one line per alert (at most {@link #MOST_LINES}, then a count). */
    static String slack(String host, List<Alerts.Alert> alerts, int held) {
        var text = new StringBuilder("factory on ").append(host).append(':');
        alerts.stream().limit(MOST_LINES).forEach(a -> text.append('\n').append(line(a)));
        if (alerts.size() > MOST_LINES) text.append("\n... and ").append(alerts.size() - MOST_LINES).append(" more");
        if (held > 0) text.append('\n').append(held).append(" earlier alert").append(held == 1 ? " was" : "s were").append(" held back by the rate limit");
        return JSON.createObjectNode().put("text", text.toString()).toString();
    }

    /** {@code {host, at, heldBack, alerts: [{condition, subject, state, text, since, at}]}}. */
    static String json(String host, Instant at, List<Alerts.Alert> alerts, int held) {
        ObjectNode root = JSON.createObjectNode().put("host", host).put("at", at.toString()).put("heldBack", held);
        var list = root.putArray("alerts");
        for (var a : alerts) {
            list.addObject().put("condition", a.condition().word()).put("subject", a.subject()).put("state", a.state().name().toLowerCase(java.util.Locale.ROOT))
                    .put("text", a.text()).put("since", a.since().toString()).put("at", a.at().toString());
        }
        return root.toString();
    }
}
