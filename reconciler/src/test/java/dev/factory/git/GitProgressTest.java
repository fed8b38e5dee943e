package dev.factory.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class GitProgressTest {
    @Test
    void aRemotesTaskTitleCannotCarryTerminalControls() {
        var lines = new ArrayList<String>();
        var progress = new GitProgress("repo/x: clone", lines::add, Duration.ZERO);
        progress.beginTask("Counting objects\u001b[2J\u001b]0;owned\u0007", 10);
        progress.update(5);
        progress.endTask();
        assertEquals(2, lines.size(), lines.toString());
        lines.forEach(l -> assertFalse(l.chars().anyMatch(c -> c < 0x20 || c == 0x7f), "escaped: " + l));
        assertEquals("repo/x: clone: Counting objects", lines.get(0).substring(0, "repo/x: clone: Counting objects".length()));
    }
}
