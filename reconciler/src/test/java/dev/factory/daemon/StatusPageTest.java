package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.state.Suspension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    static final Instant T = Instant.parse("2026-11-26T22:00:00Z");

    @Test
    void objectsByKindWithStateAndCauseSuspensionReconcilesAndJobs() {
        String html = StatusPage.render(new StatusPage.Model("aina-vds", "/var/lib/factory", T, T.minusSeconds(3600),
                new Suspension(T, "maintenance <window>", "factory suspend"), true, "reconcile",
                List.of(new DaemonState(T, "0123456789abcdef", "Pin codex", "applied", 0, 2, 0, null)),
                List.of(new StatusPage.Row("container/web-1", "container", "abc", T, "create", "removed outside factory"),
                        new StatusPage.Row("image/base", "image", "sha256:0123456789abcdef0123", T, "in sync", "")),
                List.of(new StatusPage.JobRow("watchdog", "15m", T, 3, true)), "12% used", true,
                List.of(new Service.Drifted("container/web-1", "create", "the container is <missing>", T.minusSeconds(5)))));
        assertTrue(html.contains("<strong>Suspended</strong>: suspended since 2026-11-26T22:00:00Z by factory suspend: maintenance &lt;window&gt;"), html);
        assertTrue(html.contains("<h3>container</h3>") && html.contains("<h3>image</h3>"), html);
        assertTrue(html.contains("<td class=\"bad\">create</td><td>removed outside factory</td>"), html);
        assertTrue(html.contains("<td class=\"ok\">in sync</td>"), html);
        assertTrue(html.contains("<code>sha256:0123456789ab</code>"), "ids are shortened: " + html);
        assertTrue(html.contains("running reconcile; a reconcile is queued"), html);
        assertTrue(html.contains("<code>0123456789ab</code> Pin codex"), html);
        assertTrue(html.contains("3 (failing)"), html);
        assertTrue(html.contains("<td><code>container/web-1</code></td><td class=\"bad\">create</td><td>the container is &lt;missing&gt;</td>"
                + "<td><time datetime=\"2026-11-26T21:59:55Z\""), html);
        assertTrue(html.contains("watching the engine's events"), html);
        assertFalse(html.contains("<script") || html.contains("http://") || html.contains("https://"), "self-contained, no script");
    }

    @Test
    void eachEgressProfileListsWhatItReachedAndWhatTheListDoesNotName() {
        var reached = List.of(new dev.factory.kinds.egress.EgressAudit.Destination("registry.npmjs.org", 443, 12, 0, T, "registry.npmjs.org"),
                new dev.factory.kinds.egress.EgressAudit.Destination("paste<bin>.com", 443, 2, 0, T, null));
        String html = StatusPage.render(new StatusPage.Model("h", "/s", T, T, null, false, null, List.of(), List.of(), List.of(), "unknown", false,
                List.of(), List.of(new dev.factory.kinds.egress.EgressAudit.Profile("agent", "audit", reached, null),
                        new dev.factory.kinds.egress.EgressAudit.Profile("lane", "enforce", List.of(), "its proxy is not running"))));
        assertTrue(html.contains("<h2>Egress</h2>"), html);
        assertTrue(html.contains("Profile <code>agent</code> (audit): 2 destinations, 1 off the allow-list (the list would deny them)"), html);
        assertTrue(html.contains("<tr class=\"unknown\"><td><code>paste&lt;bin&gt;.com:443</code></td><td>2</td><td>0</td>"), "escaped, marked: " + html);
        assertTrue(html.contains("<td><code>registry.npmjs.org</code></td></tr>"), html);
        assertTrue(html.contains("Profile <code>lane</code> (enforce): its proxy is not running"), html);
        assertFalse(StatusPage.render(new StatusPage.Model("h", "/s", T, T, null, false, null, List.of(), List.of(), List.of(), "unknown", false,
                List.of())).contains("Egress"), "no egress profile, no section");
    }

    @Test
    void anEmptyDaemonSaysSo() {
        String html = StatusPage.render(new StatusPage.Model("h", "/s", T, T, null, false, null, List.of(), List.of(), List.of(), "unknown", false, List.of()));
        assertTrue(html.contains("None since the daemon started.") && html.contains("None recorded yet") && html.contains("idle"), html);
        assertTrue(html.contains("not watching the engine's events") && html.contains("None: every object was as the config says"), html);
        assertFalse(html.contains("Suspended"));
    }

    @Test
    void theSwarmSectionSaysWhereServicesRunAndMarksWhatIsShortOrDown() {
        var rows = List.of(new StatusPage.Row("node/worker", "node", null, null, "no-op", "down, active"),
                new StatusPage.Row("service/web", "service", null, null, "no-op", "replicas short: 1/2 running on manager 10.0.0.1"),
                new StatusPage.Row("service/api", "service", null, null, "no-op", "2/2 running on worker <w>"));
        String html = StatusPage.render(new StatusPage.Model("h", "/s", T, T, null, false, null, List.of(), List.of(), List.of(), "unknown", false,
                List.of(), List.of(), rows));
        assertTrue(html.contains("<h2>Swarm</h2>"), html);
        assertTrue(html.contains("<tr><td><code>node/worker</code></td><td class=\"bad\">no-op</td><td>down, active</td></tr>"), html);
        assertTrue(html.contains("<tr><td><code>service/web</code></td><td class=\"bad\">no-op</td><td>replicas short: 1/2 running on manager 10.0.0.1</td></tr>"), html);
        assertTrue(html.contains("<tr><td><code>service/api</code></td><td class=\"ok\">no-op</td><td>2/2 running on worker &lt;w&gt;</td></tr>"), html);
        assertFalse(StatusPage.render(new StatusPage.Model("h", "/s", T, T, null, false, null, List.of(), List.of(), List.of(), "unknown", false,
                List.of())).contains("Swarm"), "no swarm, no section");
    }
}
