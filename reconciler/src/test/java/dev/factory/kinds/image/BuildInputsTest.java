package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildInputsTest {
    private static BuildInputs inputs(Map<String, String> files, Map<String, String> args) {
        return new BuildInputs("Dockerfile", "d1", files, args, Map.of());
    }

    @Test
    void theHashDependsOnEveryInputAndTheBase() {
        var a = inputs(Map.of("a.txt", "1"), Map.of("V", "1"));
        assertEquals(a.digest("base"), inputs(Map.of("a.txt", "1"), Map.of("V", "1")).digest("base"));
        assertNotEquals(a.digest("base"), a.digest("other-base"));
        assertNotEquals(a.digest("base"), inputs(Map.of("a.txt", "2"), Map.of("V", "1")).digest("base"));
        assertNotEquals(a.digest("base"), inputs(Map.of("a.txt", "1"), Map.of("V", "2")).digest("base"));
        assertNotEquals(a.digest("base"), inputs(Map.of("b.txt", "1"), Map.of("V", "1")).digest("base"));
        assertNotEquals(a.inputsDigest(), inputs(Map.of("a.txt", "1+x"), Map.of("V", "1")).inputsDigest());
    }

    @Test
    void causesNameFilesArgsAndTheDockerfile() {
        var before = inputs(Map.of("a.txt", "1", "gone.txt", "1"), Map.of("V", "1"));
        var after = new BuildInputs("Dockerfile", "d2", Map.of("a.txt", "2", "new.txt", "1"), Map.of("V", "2"), Map.of());

        assertEquals(List.of("Dockerfile changed", "context file a.txt changed", "context file gone.txt removed",
                "context file new.txt added", "build arg V changed"), after.causesSince(before));
    }

    @Test
    void manyFileChangesAreSummarised() {
        var before = inputs(Map.of(), Map.of());
        var files = new java.util.TreeMap<String, String>();
        for (int i = 0; i < 9; i++) files.put("f" + i, "x");
        var causes = inputs(files, Map.of()).causesSince(before);
        assertEquals(5, causes.size());
        assertEquals("and 5 more context files", causes.get(4));
    }
}
