package dev.factory.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.eclipse.jgit.util.ProcessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What jgit may run through factory's file system (nothing) and what it does after a fetch (no background gc). */
class NoExecFsTest {
    @Test
    void noProgramRunsAndNoHookExists() {
        var e = assertThrows(NoExecFs.ProgramRefused.class, () -> NoExecFs.INSTANCE.runInShell("touch /tmp/pwned", new String[0]));
        assertTrue(e.getMessage().contains("factory runs no program a repository configures") && e.getMessage().contains("touch /tmp/pwned"));
        assertThrows(NoExecFs.ProgramRefused.class, () -> NoExecFs.INSTANCE.newInstance().runInShell("x", new String[0]),
                "a copy jgit makes of the file system refuses too");
        assertEquals(ProcessResult.Status.NOT_PRESENT, NoExecFs.INSTANCE.runHookIfPresent(null, "pre-commit", new String[0], null, null, null).getStatus());
        assertNull(NoExecFs.INSTANCE.findHook(null, "post-checkout"));
        String longCommand = "x".repeat(500);
        assertTrue(assertThrows(NoExecFs.ProgramRefused.class, () -> NoExecFs.INSTANCE.runInShell(longCommand, new String[0]))
                .getMessage().length() < 250, "a planted command is cut when named");
    }

    @Test
    void repositoriesFactoryOpensDoNoBackgroundGcAfterAFetch(@TempDir Path tmp) throws Exception {
        try (var git = GitRepos.init().setDirectory(tmp.toFile()).call()) {
            assertFalse(git.getRepository().getConfig().getBoolean("fetch", null, "autoGC", true));
            assertTrue(git.getRepository().getFS() instanceof NoExecFs);
        }
    }
}
