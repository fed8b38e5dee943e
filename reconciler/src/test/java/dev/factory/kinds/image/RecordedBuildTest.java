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
                new RecordedBuild("sha256:3", null, "debian:12", null, null),
                new RecordedBuild("sha256:4", "h4", "debian:12", new BuildInputs("Dockerfile", SHA, files, Map.of(), Map.of()), List.of(),
                        "d4", BuildInputs.SCHEME));
        for (var build : builds) {
            JsonNode written = Inventory.json().valueToTree(build);
            assertEquals(build, RecordedBuild.fromJson(written), written::toString);
            assertEquals(viaJackson(written), RecordedBuild.fromJson(written), written::toString);
        }
    }

    @Test
    void aFileListReadsSortedWhateverOrderItWasWrittenIn() throws Exception {
        var inOrder = Inventory.json().readTree("{\"a\":\"1\",\"a/b\":\"2\",\"a0\":\"3\",\"b\":\"4\"}");
        var outOfOrder = Inventory.json().readTree("{\"b\":\"4\",\"a0\":\"3\",\"a\":\"1\",\"a/b\":\"2\"}");
        var once = Inventory.json().readTree("{\"a\":\"1\"}");
        var expected = new java.util.TreeMap<>(Map.of("a", "1", "a/b", "2", "a0", "3", "b", "4"));
        for (JsonNode n : List.of(inOrder, outOfOrder)) {
            var read = RecordedBuild.map(n);
            assertEquals(expected, read, n::toString);
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(read.keySet()), n::toString);
            assertEquals("a", read.firstKey());
            assertEquals("b", read.lastKey());
            assertEquals(java.util.TreeMap.class, read.getClass());
            assertEquals(expected, read.headMap("zzz"));   // a real sorted map: its views work
        }
        assertEquals(Map.of("a", "1"), RecordedBuild.map(once));
        assertEquals(Map.of(), RecordedBuild.map(Inventory.json().readTree("{}")));
    }

    @Test
    void recordedDigestsAreReusedOnlyForTheSameInputsBaseAndScheme() {
        var files = new java.util.TreeMap<String, String>();
        for (int i = 0; i < 50; i++) files.put("f" + i, SHA);
        var inputs = new BuildInputs("Dockerfile", SHA, files, Map.of("A", "1"), Map.of());
        var computed = inputs.digests("sha256:base");
        var record = new RecordedBuild("sha256:1", computed.hash(), "sha256:base", inputs, List.of(), computed.inputs(), BuildInputs.SCHEME);
        var readBack = RecordedBuild.fromJson(Inventory.json().valueToTree(record));

        // what is reused is exactly what hashing would give
        assertEquals(computed, readBack.digestsFor(new BuildInputs("Dockerfile", SHA, new java.util.HashMap<>(files), Map.of("A", "1"), Map.of()), "sha256:base"));
        var oneFileChanged = new java.util.TreeMap<>(files);
        oneFileChanged.put("f7", "b".repeat(64));
        assertEquals(null, readBack.digestsFor(new BuildInputs("Dockerfile", SHA, oneFileChanged, Map.of("A", "1"), Map.of()), "sha256:base"));
        assertEquals(null, readBack.digestsFor(new BuildInputs("Dockerfile", SHA, files, Map.of("A", "2"), Map.of()), "sha256:base"));
        assertEquals(null, readBack.digestsFor(inputs, "sha256:other"), "another base");
        assertEquals(null, readBack.digestsFor(inputs, null), "a parent being rebuilt: no base yet");
        assertEquals(null, readBack.digestsFor(null, "sha256:base"));
        assertEquals(null, new RecordedBuild("sha256:1", computed.hash(), "sha256:base", inputs, List.of(), computed.inputs(), "factory-image-v0")
                .digestsFor(inputs, "sha256:base"), "another scheme's digests");
        assertEquals(null, new RecordedBuild("sha256:1", computed.hash(), "sha256:base", inputs, List.of(), computed.inputs(), null)
                .digestsFor(inputs, "sha256:base"));
        assertEquals(null, new RecordedBuild("sha256:1", computed.hash(), "sha256:base", inputs, List.of())
                .digestsFor(inputs, "sha256:base"), "a record from before digests were kept");
        assertEquals(null, new RecordedBuild("sha256:1", null, "sha256:base", inputs, List.of(), computed.inputs(), BuildInputs.SCHEME)
                .digestsFor(inputs, "sha256:base"));
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
