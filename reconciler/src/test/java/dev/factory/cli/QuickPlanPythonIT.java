package dev.factory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's Python client ({@code src/main/python/factory_ask.py}) takes exactly the command
 * lines {@link QuickPlan#parse} takes, and reads them the same way: every option in each of its
 * forms, and a few thousand random command lines made of the fast path's words, wrong values and
 * strangers, all parsed by both.
 */
class QuickPlanPythonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLIENT = Path.of("src/main/python/factory_ask.py").toAbsolutePath();

    private static final List<String> WORDS = List.of("--config", "--state-dir", "--target", "-target", "--exclude", "-exclude", "--refresh", "-refresh",
            "--detailed-exitcode", "--no-color", "--auto-approve", "--allow-mass-delete", "--parallelism", "--no-daemon", "--help", "--out",
            "--config=dir", "--config=", "--state-dir=s", "--target=image/a", "-exclude=file/*", "--refresh=true", "--auto-approve=yes",
            "--parallelism=4", "--parallelism=0", "--parallelism=10000", "--parallelism=x", "dir", "other", "container/web", "-x", "", "4", "9999",
            "07", "a=b", "plan", "apply", "--");

    @Test
    void thePythonClientTakesTheCommandLinesQuickPlanTakesAndReadsThemTheSame() throws Exception {
        var lines = new ArrayList<List<String>>();
        for (String verb : List.of("plan", "apply")) {
            lines.add(List.of(verb));
            for (String word : WORDS) {
                lines.add(List.of(verb, word));
                lines.add(List.of(verb, word, "value"));
                lines.add(List.of(verb, word, "-value"));
            }
        }
        lines.add(List.of());
        lines.add(List.of("status"));
        lines.add(List.of("plan", "--config", "a", "--config", "b"));
        lines.add(List.of("plan", "--state-dir=a", "--state-dir", "b"));
        var random = new Random(21);
        for (int i = 0; i < 3000; i++) {
            var line = new ArrayList<String>();
            line.add(random.nextInt(10) == 0 ? "drift" : random.nextBoolean() ? "plan" : "apply");
            for (int n = random.nextInt(7); n > 0; n--) line.add(WORDS.get(random.nextInt(WORDS.size())));
            lines.add(line);
        }

        JsonNode python = parsedByPython(lines);
        assertEquals(lines.size(), python.size());
        int taken = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] args = lines.get(i).toArray(String[]::new);
            QuickPlan.Request java = QuickPlan.parse(args);
            JsonNode py = python.get(i);
            String why = String.join(" ", args);
            if (java == null) {
                assertTrue(py.isNull(), why + ": the JVM's client leaves it to the whole path, Python took it: " + py);
                continue;
            }
            taken++;
            assertTrue(py.isObject(), why + ": the JVM's client takes it, Python left it");
            assertEquals(java.apply(), py.get("apply").asBoolean(), why);
            assertEquals(java.config(), py.get("config").isNull() ? null : Path.of(py.get("config").asText()), why);
            assertEquals(java.stateDir(), py.get("stateDir").isNull() ? null : Path.of(py.get("stateDir").asText()), why);
            assertEquals(java.refresh(), py.get("refresh").asBoolean(), why);
            assertEquals(java.detailedExitCode(), py.get("detailed").asBoolean(), why);
            assertEquals(java.noColor(), py.get("noColor").asBoolean(), why);
            assertEquals(java.targets(), strings(py.get("targets")), why);
            assertEquals(java.excludes(), strings(py.get("excludes")), why);
        }
        assertTrue(taken > 300 && taken < lines.size() - 1000, "both kinds of command line are among them: " + taken + " of " + lines.size() + " taken");
    }

    private static List<String> strings(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Each line as the Python client's parse reads it (null where it leaves the run to the CLI), in one process. */
    private static JsonNode parsedByPython(List<List<String>> lines) throws Exception {
        // -B: no __pycache__ beside the client (it would make the launcher find its sources newer than the jar)
        String program = "import sys, json; sys.path.insert(0, sys.argv[1]); import factory_ask as f; "
                + "print(json.dumps([f.parse(a) for a in json.load(sys.stdin)]))";
        var p = new ProcessBuilder("/usr/bin/python3", "-I", "-S", "-B", "-c", program, CLIENT.getParent().toString()).start();
        try (var in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(lines));
        }
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), err);
        return JSON.readTree(out);
    }
}
