package dev.factory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickPlanTest {
    @Test
    void aPlanOfTheFastPathsOptionsIsParsedWhole() {
        var r = QuickPlan.parse(new String[] {"plan", "--config", "cfg", "--state-dir=/s", "--refresh", "--detailed-exitcode", "--no-color",
            "--target", "container/a", "-target=file/b", "--exclude", "repo/c", "-exclude=image/d"});
        assertEquals(new QuickPlan.Request(false, Path.of("cfg"), Path.of("/s"), true, true, true, List.of("container/a", "file/b"),
                List.of("repo/c", "image/d")), r);
        assertEquals(new QuickPlan.Request(false, null, null, false, false, false, List.of(), List.of()), QuickPlan.parse(new String[] {"plan"}));
        assertEquals(true, QuickPlan.parse(new String[] {"plan", "-refresh"}).refresh());
    }

    @Test
    void anApplyOfTheFastPathsOptionsIsParsedWholeToo() {
        var r = QuickPlan.parse(new String[] {"apply", "--config", "cfg", "--auto-approve", "--parallelism", "8", "--allow-mass-delete",
            "--target", "container/a", "--parallelism=16", "--no-color"});
        assertEquals(new QuickPlan.Request(true, Path.of("cfg"), null, false, false, true, List.of("container/a"), List.of()), r);
        assertEquals(new QuickPlan.Request(true, null, null, false, false, false, List.of(), List.of()), QuickPlan.parse(new String[] {"apply"}));
        String[][] whole = {
            {"apply", "plan.json"}, {"apply", "--no-daemon"}, {"apply", "--detailed-exitcode"}, {"apply", "--parallelism", "0"},
            {"apply", "--parallelism", "many"}, {"apply", "--parallelism"}, {"apply", "--auto-approve=true"}, {"apply", "--json"},
            {"plan", "--auto-approve"}, {"plan", "--parallelism", "4"}, {"plan", "--allow-mass-delete"},
        };
        for (String[] args : whole) assertNull(QuickPlan.parse(args), String.join(" ", args));
    }

    @Test
    void anythingElseTakesTheWholeCommandLine() {
        String[][] whole = {
            {}, {"destroy"}, {"--no-color", "plan"}, {"plan", "--json"}, {"plan", "--format", "json"}, {"plan", "--out", "p.json"},
            {"plan", "--no-daemon"}, {"plan", "--repo", "https://x"}, {"plan", "--bootstrap", "f"}, {"plan", "--help"},
            {"plan", "--config"}, {"plan", "--config", "--refresh"}, {"plan", "--config="}, {"plan", "--config", "a", "--config", "b"},
            {"plan", "--state-dir", "a", "--state-dir", "b"}, {"plan", "--refresh=true"}, {"plan", "stray"}, {"plan", "--conf", "x"},
        };
        for (String[] args : whole) assertNull(QuickPlan.parse(args), String.join(" ", args));
    }

    @Test
    void theFastPathsRequestIsTheOneTheWholePathMakesWithItsTextRenderedByTheDaemon() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String[] args : List.of(new String[] {"plan"},
                new String[] {"plan", "--refresh", "--no-color", "--state-dir", "st", "--target", "image/a", "-target=repo/\"b\u00e9", "--exclude", "file/x"})) {
            var r = QuickPlan.parse(args);
            Path config = Path.of("/etc/factory/config dir");
            var whole = PlanCommand.daemonRequest(config, r.stateDir(), r.refresh(), r.targets(), r.excludes());
            whole.putObject("render").put("color", !r.noColor());
            byte[] line = QuickPlan.requestLine(config, r, !r.noColor());
            assertEquals('\n', line[line.length - 1], "one line");
            assertEquals(whole, json.readTree(line), String.join(" ", args));
        }
    }

    private static QuickPlan.Answer answer(String json) throws java.io.IOException {
        return QuickPlan.readAnswer(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theAnswersFieldsAreReadAndEverythingElseSkipped() throws Exception {
        var a = answer("{\"ok\":true,\"plan\":{\"changes\":[{\"text\":\"not this\",\"mine\":false}],\"pending\":false},"
                + "\"mine\":true,\"pid\":4242,\"tookMs\":17,\"text\":\"~ file/a \\u00e9\\n\\\"q\\\"\",\"errors\":false,\"pending\":true,"
                + "\"extra\":[1,[2,{\"pid\":9}]]}\n");
        assertEquals(new QuickPlan.Answer(true, "~ file/a \u00e9\n\"q\"", false, true, 4242, 17), a);
        assertEquals(new QuickPlan.Answer(false, null, false, false, 0, 0), answer("{\"mine\":false,\"why\":\"another config\"}"));
        assertEquals(new QuickPlan.Answer(true, null, true, false, 1, 2), answer("{\"mine\":true,\"text\":null,\"errors\":true,\"pid\":1,\"tookMs\":2}"));
    }

    @Test
    void anAnswerThatIsNotAWholeJsonObjectIsAnError() {
        for (String bad : List.of("[]", "\"text\"", "{\"mine\":true,\"text\":\"cut", "")) {
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> answer(bad), bad);
        }
    }
}
