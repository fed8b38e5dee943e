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

    @Test
    void buildSettingsEnterTheHashOnlyWhenSet() {
        var plain = inputs(Map.of("a.txt", "1"), Map.of());
        var none = new BuildInputs("Dockerfile", "d1", Map.of("a.txt", "1"), Map.of(), Map.of(), Map.of());
        // a default build hashes as before build settings existed: no image rebuilds on upgrade
        assertEquals(plain.digest("base"), none.digest("base"));
        assertEquals("8549a0fd06d4d1751412c736e00251f2f7b1d2c22b3fc5b1eb3e738517cc645b", plain.digest("base"),
                "the canonical form of a default build never changes: every image would rebuild");
        var host = new BuildInputs("Dockerfile", "d1", Map.of("a.txt", "1"), Map.of(), Map.of(), Map.of("network", "host"));
        var ca = new BuildInputs("Dockerfile", "d1", Map.of("a.txt", "1"), Map.of(), Map.of(), Map.of("network", "host", "ca 00-proxy.crt", "abc"));
        var otherCa = new BuildInputs("Dockerfile", "d1", Map.of("a.txt", "1"), Map.of(), Map.of(), Map.of("network", "host", "ca 00-proxy.crt", "abd"));
        assertNotEquals(plain.digest("base"), host.digest("base"));
        assertNotEquals(host.digest("base"), ca.digest("base"));
        assertNotEquals(ca.digest("base"), otherCa.digest("base"), "a CA file's content is an input");
        assertEquals(List.of("build setting ca 00-proxy.crt added", "build setting network added"), ca.causesSince(plain));
        assertEquals(List.of("build setting ca 00-proxy.crt changed"), otherCa.causesSince(ca));
    }

    @Test
    void aRecordWrittenBeforeBuildSettingsReadsAsNone() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var old = json.readValue("{\"dockerfilePath\":\"Dockerfile\",\"dockerfileDigest\":\"d1\",\"files\":{\"a.txt\":\"1\"},"
                + "\"args\":{},\"labels\":{}}", BuildInputs.class);
        assertEquals(Map.of(), old.build());
        assertEquals(inputs(Map.of("a.txt", "1"), Map.of()).digest("base"), old.digest("base"));
    }

    @Test
    void caFilesAreNamedByPositionAndEndInCrt() {
        assertEquals(List.of("00-proxy.crt", "01-ca-certificates.crt", "02-corp_root.crt"), BuildContext.caNames(List.of(
                java.nio.file.Path.of("/usr/local/share/ca-certificates/proxy.crt"), java.nio.file.Path.of("/etc/ssl/certs/ca-certificates.crt"),
                java.nio.file.Path.of("/etc/corp root.pem"))));
    }
}
