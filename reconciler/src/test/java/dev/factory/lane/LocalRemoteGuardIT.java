package dev.factory.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host clone's side of a guarded lane: set once, keeping the rest of the config, never through a link an agent planted. */
class LocalRemoteGuardIT {
    @TempDir
    Path tmp;

    private Path newClone() {
        Path clone = tmp.resolve("app");
        GitCli.git(tmp, "init", "-q", clone.toString());
        GitCli.git(clone, "config", "operator.note", "kept");
        return clone;
    }

    @Test
    void setOnceKeepingTheRestOfTheConfigAndItsMode() throws IOException {
        Path clone = newClone();
        Files.writeString(clone.resolve(".git/config"), Files.readString(clone.resolve(".git/config")) + "# the operator's note\n");
        Files.setPosixFilePermissions(clone.resolve(".git/config"), PosixFilePermissions.fromString("rw-rw-r--"));
        assertTrue(LocalRemoteGuard.refuseNonFastForwards(clone));
        assertEquals("true", GitCli.git(clone, "config", "--get", "receive.denyNonFastForwards"));
        assertEquals("kept", GitCli.git(clone, "config", "--get", "operator.note"));
        assertTrue(Files.readString(clone.resolve(".git/config")).contains("# the operator's note"), "comments are kept");
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(clone.resolve(".git/config"))));
        assertFalse(LocalRemoteGuard.refuseNonFastForwards(clone), "set already: not written again");
    }

    @Test
    void aConfigThatIsALinkIsLeftAloneAndItsTargetUntouched() throws IOException {
        Path clone = newClone();
        Path elsewhere = tmp.resolve("elsewhere.conf");
        Files.writeString(elsewhere, "[core]\n\tbare = false\n");
        Files.delete(clone.resolve(".git/config"));
        Files.createSymbolicLink(clone.resolve(".git/config"), elsewhere);
        var e = assertThrows(IOException.class, () -> LocalRemoteGuard.refuseNonFastForwards(clone));
        assertTrue(e.getMessage().contains("is not a regular file (a link?)"), e.getMessage());
        assertEquals("[core]\n\tbare = false\n", Files.readString(elsewhere));
        assertTrue(Files.isSymbolicLink(clone.resolve(".git/config")));
    }

    @Test
    void aGitDirThatIsALinkIsNotFollowed() throws IOException {
        Path real = newClone();
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.createSymbolicLink(other.resolve(".git"), real.resolve(".git"));
        assertThrows(IOException.class, () -> LocalRemoteGuard.refuseNonFastForwards(other));
        assertFalse(Files.readString(real.resolve(".git/config")).contains("denyNonFastForwards"), "not written through the link");
    }
}
