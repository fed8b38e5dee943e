package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void suggestsOnlyCloseCandidates() {
        var keys = List.of("context", "dockerfile", "from", "args", "labels");
        assertEquals(Optional.of("context"), Suggestions.closest("contxt", keys));
        assertEquals(Optional.of("dockerfile"), Suggestions.closest("DockerFile", keys));
        assertEquals(Optional.empty(), Suggestions.closest("completely-else", keys));
    }
}
