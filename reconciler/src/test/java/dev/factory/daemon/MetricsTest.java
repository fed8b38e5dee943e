package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void countersAndGaugesRenderInPrometheusTextFormatSorted() {
        var m = new Metrics();
        m.inc("factory_reconciles_total", "Reconciles run, by result.", 1, "result", "applied");
        m.inc("factory_reconciles_total", "Reconciles run, by result.", 2, "result", "drift");
        m.inc("factory_reconciles_total", "Reconciles run, by result.", 1, "result", "applied");
        m.gauge("factory_drift_objects", "Pending.", () -> 3.0);
        m.gauge("factory_absent", "Left out when null.", () -> null);
        m.readAtScrape("factory_docker_api_calls_total", "counter", "Calls.", "call", () -> Map.of("GET /containers/json", 4L));
        assertEquals("""
                # HELP factory_absent Left out when null.
                # TYPE factory_absent gauge
                # HELP factory_docker_api_calls_total Calls.
                # TYPE factory_docker_api_calls_total counter
                factory_docker_api_calls_total{call="GET /containers/json"} 4
                # HELP factory_drift_objects Pending.
                # TYPE factory_drift_objects gauge
                factory_drift_objects 3
                # HELP factory_reconciles_total Reconciles run, by result.
                # TYPE factory_reconciles_total counter
                factory_reconciles_total{result="applied"} 2
                factory_reconciles_total{result="drift"} 2
                """, m.render());
        assertEquals(2, m.value("factory_reconciles_total", "result", "applied"));
        assertEquals(0, m.value("factory_reconciles_total", "result", "failed"));
        assertEquals(3, m.value("factory_drift_objects"));
    }

    @Test
    void labelValuesAreEscapedAndNumbersKeepTheirFraction() {
        assertEquals("{a=\"x\\\"y\\\\z\\n\"}", Metrics.labels("a", "x\"y\\z\n"));
        assertEquals("", Metrics.labels());
        assertEquals("0.25", Metrics.number(0.25));
        assertEquals("12", Metrics.number(12.0));
        assertEquals("NaN", Metrics.number(Double.NaN));
        assertEquals("+Inf", Metrics.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void misuseIsRefused() {
        var m = new Metrics();
        assertThrows(IllegalArgumentException.class, () -> m.inc("c", "h", -1));
        assertThrows(IllegalArgumentException.class, () -> Metrics.labels("odd"));
        assertThrows(IllegalArgumentException.class, () -> Metrics.labels("bad-name", "v"));
        m.inc("c", "h", 1);
        assertThrows(IllegalArgumentException.class, () -> m.gauge("c", "h", () -> 1.0), "a counter cannot become a gauge");
        m.gauge("g", "h", () -> { throw new IllegalStateException("disk gone"); });
        assertTrue(m.render().contains("# TYPE g gauge\n"), "a failing reading leaves the series out, not the scrape");
    }

    @Test
    void aDeclaredCounterIsExposedAtZero() {
        var m = new Metrics();
        m.declareCounter("factory_lock_waits_total", "Waits.");
        assertTrue(m.render().contains("\nfactory_lock_waits_total 0\n"), m.render());
    }
}
