package dev.factory.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.EngineImage;
import dev.factory.kinds.network.NetworkEngine.EngineNetwork;
import dev.factory.kinds.volume.VolumeEngine.EngineVolume;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The list answers as Docker 20.10 gives them (fields trimmed to what is read, plus some that are not). */
class EngineListsTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static PlainHttp.Answer answer(int status, String body) {
        return new PlainHttp.Answer(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void containersKeepTheirFirstNameWithoutItsSlashImageStateLabelsAndHealth() throws Exception {
        var list = EngineLists.containers(json("""
                [{"Id":"c1","Names":["/factory-web","/other"],"Image":"web:1","ImageID":"sha256:aa","State":"running",
                  "Status":"Up 5 minutes (healthy)","Labels":{"dev.factory.owner":"me","a":"b"},"Ports":[],"Mounts":[]},
                 {"Id":"c2","Names":[],"ImageID":"sha256:bb","State":"exited","Status":"Exited (0) 3 days ago","Labels":null},
                 {"Id":"c3","ImageID":"sha256:cc","State":"created","Status":"Created"}]"""));
        assertEquals(List.of(
                new EngineContainer("c1", "factory-web", "sha256:aa", "running", Map.of("dev.factory.owner", "me", "a", "b"), "healthy"),
                new EngineContainer("c2", "c2", "sha256:bb", "exited", Map.of(), null),
                new EngineContainer("c3", "c3", "sha256:cc", "created", Map.of(), null)), list);
    }

    @Test
    void aContainerWithoutStateOrImageHasNullsNotTheWordNull() throws Exception {
        var c = EngineLists.containers(json("[{\"Id\":\"c\",\"Names\":[\"/n\"],\"State\":null}]")).get(0);
        assertNull(c.state());
        assertNull(c.imageId());
        assertEquals("n", c.name());
    }

    @Test
    void imagesDropTheNoneTagAndReadCreatedAndSize() throws Exception {
        var list = EngineLists.images(json("""
                [{"Id":"sha256:i1","RepoTags":["factory/base:abc","<none>:<none>"],"Labels":{"l":"v"},"Created":1700000000,"Size":1234},
                 {"Id":"sha256:i2","RepoTags":null,"Labels":null},
                 {"Id":"sha256:i3","RepoTags":["<none>:<none>"],"Created":5,"Size":6}]"""));
        assertEquals(List.of(
                new EngineImage("sha256:i1", List.of("factory/base:abc"), Map.of("l", "v"), 1700000000L, 1234L),
                new EngineImage("sha256:i2", List.of(), Map.of(), 0, 0),
                new EngineImage("sha256:i3", List.of(), Map.of(), 5, 6)), list);
    }

    @Test
    void networksReadInternalAndLabels() throws Exception {
        var list = EngineLists.networks(json("""
                [{"Name":"bridge","Id":"n1","Driver":"bridge","Internal":false,"Labels":{}},
                 {"Name":"factory-egress","Id":"n2","Driver":"bridge","Internal":true,"Labels":{"dev.factory.owner":"me"}},
                 {"Name":"x","Id":"n3"}]"""));
        assertEquals(List.of(new EngineNetwork("n1", "bridge", "bridge", false, Map.of()),
                new EngineNetwork("n2", "factory-egress", "bridge", true, Map.of("dev.factory.owner", "me")),
                new EngineNetwork("n3", "x", null, false, Map.of())), list);
    }

    @Test
    void volumesComeFromTheVolumesFieldWhichMayBeNull() throws Exception {
        assertEquals(List.of(new EngineVolume("v1", "local", Map.of("k", "v")), new EngineVolume("v2", "local", Map.of())),
                EngineLists.volumes(json("{\"Volumes\":[{\"Name\":\"v1\",\"Driver\":\"local\",\"Labels\":{\"k\":\"v\"}},"
                        + "{\"Name\":\"v2\",\"Driver\":\"local\",\"Labels\":null}],\"Warnings\":null}")));
        assertEquals(List.of(), EngineLists.volumes(json("{\"Volumes\":null,\"Warnings\":null}")));
    }

    @Test
    void aListAnswerIsTheTreeAskedFor() {
        assertTrue(EngineLists.tree("/networks", answer(200, "[]"), true).isArray());
        assertTrue(EngineLists.tree("/volumes", answer(200, "{\"Volumes\":[]}"), false).isObject());
    }

    @Test
    void anErrorAnswerNamesTheCallTheStatusAndTheEnginesMessage() {
        var e = assertThrows(IllegalStateException.class, () -> EngineLists.tree("/containers/json?all=1",
                answer(500, "{\"message\":\"layer store broken\"}"), true));
        assertEquals("GET /containers/json?all=1 answered HTTP 500: layer store broken", e.getMessage());
        var plain = assertThrows(IllegalStateException.class, () -> EngineLists.tree("/images/json", answer(502, "Bad Gateway"), true));
        assertEquals("GET /images/json answered HTTP 502", plain.getMessage());
    }

    @Test
    void aBodyThatIsNotTheJsonAskedForIsAnErrorNeverAnEmptyList() {
        for (String body : List.of("", "not json", "{\"a\":1}", "null")) {
            var e = assertThrows(IllegalStateException.class, () -> EngineLists.tree("/networks", answer(200, body), true));
            assertEquals("GET /networks answered something other than a JSON array", e.getMessage());
        }
        var e = assertThrows(IllegalStateException.class, () -> EngineLists.tree("/volumes", answer(200, "[]"), false));
        assertEquals("GET /volumes answered something other than a JSON object", e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }

    @Test
    void anInspectAnswersATagOnlyWhenTheImagesOwnTagsHoldIt() {
        String path = "/images/web:latest/json";
        assertEquals(java.util.Optional.of("sha256:aa"), EngineLists.idOfTag("web:latest", path,
                answer(200, "{\"Id\":\"sha256:aa\",\"RepoTags\":[\"other:1\",\"web:latest\"],\"Config\":{\"Labels\":null}}")));
        assertEquals(java.util.Optional.empty(), EngineLists.idOfTag("web:latest", path, answer(404, "{\"message\":\"No such image: web:latest\"}")));
        // the engine resolved the name another way (a digest, an id prefix, docker.io/library/...): not this tag
        assertEquals(java.util.Optional.empty(), EngineLists.idOfTag("web:latest", path, answer(200, "{\"Id\":\"sha256:bb\",\"RepoTags\":[\"docker.io/web:latest\"]}")));
        assertEquals(java.util.Optional.empty(), EngineLists.idOfTag("web:latest", path, answer(200, "{\"Id\":\"sha256:bb\",\"RepoTags\":null}")));
        var e = assertThrows(IllegalStateException.class, () -> EngineLists.idOfTag("web:latest", path, answer(500, "{\"message\":\"store broken\"}")));
        assertEquals("GET /images/web:latest/json answered HTTP 500: store broken", e.getMessage());
    }

    @Test
    void onlyPlainReferencesGoIntoAPath() {
        for (String ok : List.of("web:latest", "registry.local:5000/team/web:1.2", "busybox@sha256:abc", "a_b-c.d/e:f")) {
            assertTrue(EngineLists.plainReference(ok), ok);
        }
        for (String bad : List.of("", "../containers/x", "web:latest?all=1", "web latest", "/web", "web/../../x", "web#x", "-web", "web%2F")) {
            assertFalse(EngineLists.plainReference(bad), bad);
        }
    }
}
