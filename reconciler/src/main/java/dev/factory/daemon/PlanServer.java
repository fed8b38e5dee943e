package dev.factory.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.config.ConfigLoader;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Plan;
import dev.factory.plan.PlanJson;
import dev.factory.plan.Targeting;
import dev.factory.state.StateDir;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * {@code factory plan} answered by the running daemon: the same load and plan a cold CLI run
 * makes, of the directory the CLI names, in the daemon's warm JVM (classes loaded, code compiled,
 * the schema composed once). The config is loaded from disk and every kind observes the host
 * afresh, except what {@link dev.factory.app.Warm} keeps between answers: the engine's container
 * and image lists while the engine's own event log shows nothing that could change them, and
 * build contexts and rendered files while no file notification says one changed. So the answer
 * is the cold plan's. Only a config whose state dir is this daemon's is planned; any other
 * is declined ({@code "mine": false}) and the CLI plans it itself.
 */
final class PlanServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConfigLoader loader;
    private final dev.factory.app.Warm warm = new dev.factory.app.Warm();
    private final dev.factory.runtime.IdleCollect idle = new dev.factory.runtime.IdleCollect();

    /** {@code loader}: one that keeps the files it parsed (see {@link ConfigLoader#keepingParsedFiles}). */
    PlanServer(ConfigLoader loader) {
        this.loader = loader;
    }

    /**
     * The answer to a {@code {"command": "plan", "config": DIR, "stateDir": DIR?, "refresh": bool, "targets": [..],
     * "excludes": [..], "render": {"color": bool}?}} request: the plan as JSON, or with {@code render} its text as
     * {@code factory plan} prints it and whether it has errors and pending changes.
     */
    synchronized ObjectNode answer(JsonNode request, StateDir own) {
        var answer = JSON.createObjectNode().put("ok", true);
        String configText = request.path("config").asText("");
        if (own == null || configText.isEmpty() || !configText.startsWith("/")) return decline(answer, "no absolute config directory, or no state dir here yet");
        long start = System.nanoTime();
        Path configDir = Path.of(configText).normalize();
        ConfigLoader.Result loaded = loader.load(configDir);
        if (!loaded.ok()) return decline(answer, "the config has errors");   // the CLI loads it and prints them, as always
        Path override = request.hasNonNull("stateDir") ? Path.of(request.get("stateDir").asText()) : null;
        StateDir state = StateDir.resolve(override, loaded.desired().host(), loaded.desired().configDir());
        if (!state.root().equals(own.root())) return decline(answer, "its state dir " + state.root() + " is not this daemon's (" + own.root() + ")");
        Plan plan;
        try (Reconciler reconciler = dev.factory.app.Adapters.reconciler(loaded.desired(), loaded.diagnostics(), state, line -> { }, warm)) {
            if (request.path("refresh").asBoolean(false)) reconciler.refresh();
            plan = targeting(request).select(reconciler.plan());
        } catch (Exception e) {
            return decline(answer, "planning failed here (" + e.getMessage() + ")");
        } finally {
            idle.planned();   // collected once the answer is out (see collectIfOwed)
        }
        try {
            answer.put("mine", true).put("pid", ProcessHandle.current().pid()).put("tookMs", (System.nanoTime() - start) / 1_000_000);
            // a plan holds no secret value; masked anyway, as everything factory writes out is (the CLI that prints it
            // resolved no secret itself, so its own masking would know none)
            if (request.path("render").isObject()) {   // the CLI's fast path: the text it prints, and what its exit code rests on
                String text = new dev.factory.plan.TextPlanView(request.path("render").path("color").asBoolean(false)).render(plan, own.root().toString());
                answer.put("text", dev.factory.secrets.Masker.mask(text)).put("errors", plan.hasErrors()).put("pending", plan.hasPendingChanges());
            } else {
                answer.set("plan", JSON.readTree(dev.factory.secrets.Masker.mask(PlanJson.write(plan))));
            }
        } catch (java.io.IOException e) {
            return decline(answer, e.getMessage());
        }
        return answer;
    }

    /** After an answer is written: the collection a plan answered since leaves owed (see {@link dev.factory.runtime.IdleCollect}). */
    void collectIfOwed() {
        idle.collectIfOwed();
    }

    @Override
    public synchronized void close() {
        warm.close();
    }

    private static ObjectNode decline(ObjectNode answer, String why) {
        return answer.put("mine", false).put("why", why);
    }

    private static Targeting targeting(JsonNode request) {
        var targets = new ArrayList<String>();
        var excludes = new ArrayList<String>();
        request.path("targets").forEach(t -> targets.add(t.asText()));
        request.path("excludes").forEach(t -> excludes.add(t.asText()));
        return new Targeting(targets, excludes);
    }
}
