package dev.factory.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code factory suspend}: reconciles and jobs skip until {@code factory resume}. Kept in the state
 * dir, so a suspended host stays suspended across daemon restarts (as Flux's suspend does).
 */
public record Suspension(Instant since, String reason, String by) {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    public static Path file(StateDir state) {
        return state.root().resolve("suspended.json");
    }

    public static Optional<Suspension> read(StateDir state) {
        Path f = file(state);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            var n = JSON.readTree(f.toFile());
            return Optional.of(new Suspension(dev.factory.runtime.Instants.parse(n.path("since").asText()), n.path("reason").asText(null), n.path("by").asText(null)));
        } catch (IOException | RuntimeException e) {
            // a damaged record still means someone suspended the host: stay suspended, say why
            return Optional.of(new Suspension(Instant.EPOCH, "the suspension record is unreadable; factory resume clears it", null));
        }
    }

    public void write(StateDir state) throws IOException {
        state.create();
        var n = JSON.createObjectNode().put("since", since.toString()).put("reason", reason).put("by", by);
        AtomicFiles.write(file(state), JSON.writeValueAsBytes(n));
    }

    public static boolean clear(StateDir state) throws IOException {
        return Files.deleteIfExists(file(state));
    }

    public String describe() {
        return "suspended since " + since + (by == null ? "" : " by " + by) + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }
}
