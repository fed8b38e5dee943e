package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.state.Inventory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A recorded build reads back, by hand, exactly as Jackson reads what Jackson wrote. */
class RecordedBuildTest {
    private static final String SHA = "a".repeat(64);

    private static RecordedBuild viaJackson(JsonNode n) throws Exception {
        return Inventory.json().treeToValue(n, RecordedBuild.class);
    }

    @Test
    void whatTheInventoryWroteIsReadBackAsJacksonReadsIt() throws Exception {
        var files = new LinkedHashMap<String, String>();
        for (int i = 0; i < 500; i++) files.put("src/f" + i + ".txt", SHA + (i % 7 == 0 ? "+x" : ""));
        files.put("src", "dir");
        files.put("link", "link:../elsewhere");
        var builds = List.of(
                new RecordedBuild("sha256:1", "h1", "sha256:base", new BuildInputs("Dockerfile", SHA, files, Map.of("A", "1"), Map.of("l", "v"),
                        Map.of("network", "none")), List.of("sha256:0", "sha256:00")),
                new RecordedBuild("sha256:2", "h2", null, new BuildInputs(".factory.Dockerfile", SHA, Map.of(), Map.of(), Map.of()), List.of()),
                new RecordedBuild("sha256:3", null, "debian:12", null, null));
        for (var build : builds) {
            JsonNode written = Inventory.json().valueToTree(build);
            assertEquals(build, RecordedBuild.fromJson(written), written::toString);
            assertEquals(viaJackson(written), RecordedBuild.fromJson(written), written::toString);
        }
    }

    @Test
    void anOlderEntryWithoutBuildSettingsReadsAsADefaultBuild() throws Exception {
        JsonNode n = Inventory.json().readTree("{\"id\":\"sha256:1\",\"hash\":\"h\",\"base\":\"b\",\"inputs\":{\"dockerfilePath\":\"Dockerfile\","
                + "\"dockerfileDigest\":\"" + SHA + "\",\"files\":{\"a\":\"" + SHA + "\"},\"args\":{},\"labels\":{}}}");
        var read = RecordedBuild.fromJson(n);
        assertEquals(viaJackson(n), read);
        assertEquals(Map.of(), read.inputs().build());
        assertEquals(List.of(), read.previous());
    }

    @Test
    void anotherShapeIsRefused() throws Exception {
        for (String bad : new String[] {"[]", "\"text\"", "{\"inputs\":[]}", "{\"inputs\":{\"files\":[]}}", "{\"inputs\":{\"files\":{\"a\":{}}}}",
                "{\"inputs\":{\"args\":{\"a\":null}}}", "{\"previous\":{}}", "{\"previous\":[[]]}", "{\"previous\":[null]}", "{\"id\":{}}",
                "{\"inputs\":{\"dockerfilePath\":[]}}"}) {
            JsonNode n = Inventory.json().readTree(bad);
            assertThrows(IllegalArgumentException.class, () -> RecordedBuild.fromJson(n), bad);
        }
    }
}
