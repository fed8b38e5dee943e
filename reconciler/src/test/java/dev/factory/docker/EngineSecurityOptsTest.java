package dev.factory.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security options as the docker CLI sends them to the engine, which is what factory sends too. */
class EngineSecurityOptsTest {
    @TempDir
    Path tmp;

    @Test
    void systemPathsUnconfinedIsNotSentAsAnOption() {
        assertEquals(List.of("no-new-privileges:true", "seccomp=unconfined", "apparmor=unconfined"),
                DockerContainerEngine.engineSecurityOpts(List.of("no-new-privileges:true", "seccomp=unconfined", "systempaths=unconfined",
                        "apparmor=unconfined", "systempaths:unconfined")));
        assertTrue(dev.factory.engine.port.SecurityOptions.systemPathsUnconfined("systempaths:unconfined"));
        assertTrue(!dev.factory.engine.port.SecurityOptions.systemPathsUnconfined("apparmor=unconfined"));
        assertEquals("label=type:svirt_t", dev.factory.engine.port.SecurityOptions.normal("label:type:svirt_t"), "only the first colon is the key's");
        assertEquals("seccomp=/a:b.json", dev.factory.engine.port.SecurityOptions.normal("seccomp=/a:b.json"));
        assertEquals(":unconfined", dev.factory.engine.port.SecurityOptions.normal(":unconfined"), "no key, nothing to normalise");
        assertEquals("=a:b", dev.factory.engine.port.SecurityOptions.normal("=a:b"));
        assertEquals("apparmor=unconfined", dev.factory.engine.port.SecurityOptions.normal("apparmor:unconfined"));
        assertEquals(java.util.Optional.of("/p.json"), dev.factory.engine.port.SecurityOptions.seccompFile("seccomp:/p.json"));
        assertEquals(java.util.Optional.empty(), dev.factory.engine.port.SecurityOptions.seccompFile("seccomp=unconfined"));
        assertEquals(java.util.Optional.empty(), dev.factory.engine.port.SecurityOptions.seccompFile("apparmor=/p"));
    }

    @Test
    void aSeccompProfileNamedByPathIsSentAsItsContent() throws Exception {
        Path profile = tmp.resolve("strict.json");
        Files.writeString(profile, "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
        assertEquals(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\"}", "seccomp={\"inline\":1}"),
                DockerContainerEngine.engineSecurityOpts(List.of("seccomp:" + profile, "seccomp={\"inline\":1}")));
        var e = assertThrows(IllegalStateException.class, () -> DockerContainerEngine.engineSecurityOpts(List.of("seccomp=" + tmp.resolve("gone.json"))));
        assertTrue(e.getMessage().contains("cannot read the seccomp profile"), e.getMessage());
    }
}
