package dev.factory.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();

    static final Alerts.Alert FIRING = new Alerts.Alert(Condition.DRIFT, "container/web-1", Alerts.State.FIRING, "create: missing", T1, T1);
    static final Alerts.Alert CLEARED = new Alerts.Alert(Condition.DISK, "/", Alerts.State.CLEARED, "91% used, alert at 85%", T0, T1);
    static final Alerts.Alert EVENT = new Alerts.Alert(Condition.APPLIED, "reconcile", Alerts.State.EVENT, "", T1, T1);

    @Test
    void linesSayStateConditionSubjectAndText() {
        assertEquals("[FIRING] drift found: container/web-1 (create: missing)", Messages.line(FIRING));
        assertEquals("[CLEARED] disk over the alert line: / (91% used, alert at 85%), held since 2026-11-26T10:00:00Z", Messages.line(CLEARED));
        assertEquals("[EVENT] apply changed something: reconcile", Messages.line(EVENT));
    }

    @Test
    void slackGetsTextAndTheHeldBackCount() throws Exception {
        var body = JSON.readTree(Messages.slack("aina-vds", List.of(FIRING, CLEARED), 3));
        assertEquals("factory on aina-vds:\n" + Messages.line(FIRING) + "\n" + Messages.line(CLEARED) + "\n3 earlier alerts were held back by the rate limit",
                body.path("text").asText());
        assertEquals(1, body.size(), "Slack's incoming webhooks take {text}");
        assertTrue(JSON.readTree(Messages.slack("h", List.of(FIRING), 1)).path("text").asText().endsWith("1 earlier alert was held back by the rate limit"));
        assertEquals("factory on h:\n" + Messages.line(FIRING), JSON.readTree(Messages.slack("h", List.of(FIRING), 0)).path("text").asText());
    }

    @Test
    void slackNamesAtMostTwentyLines() throws Exception {
        var many = new ArrayList<Alerts.Alert>();
        for (int i = 0; i < 25; i++) many.add(new Alerts.Alert(Condition.DRIFT, "container/c" + i, Alerts.State.FIRING, "create", T1, T1));
        String text = JSON.readTree(Messages.slack("h", many, 0)).path("text").asText();
        assertEquals(1 + 20 + 1, text.split("\n").length, text);
        assertTrue(text.endsWith("... and 5 more"), text);
    }

    @Test
    void jsonListsEveryAlertWithItsFields() throws Exception {
        var body = JSON.readTree(Messages.json("aina-vds", T1, List.of(FIRING, CLEARED, EVENT), 2));
        assertEquals("aina-vds", body.path("host").asText());
        assertEquals(T1.toString(), body.path("at").asText());
        assertEquals(2, body.path("heldBack").asInt());
        assertEquals(3, body.path("alerts").size());
        var cleared = body.path("alerts").get(1);
        assertEquals("disk", cleared.path("condition").asText());
        assertEquals("/", cleared.path("subject").asText());
        assertEquals("cleared", cleared.path("state").asText());
        assertEquals("91% used, alert at 85%", cleared.path("text").asText());
        assertEquals(T0.toString(), cleared.path("since").asText());
        assertEquals(T1.toString(), cleared.path("at").asText());
        assertEquals("firing", body.path("alerts").get(0).path("state").asText());
        assertEquals("event", body.path("alerts").get(2).path("state").asText());
    }
}
