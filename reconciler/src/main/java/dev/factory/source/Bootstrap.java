package dev.factory.source;

import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.SchemaValidator;
import dev.factory.config.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The host bootstrap file: {@code source:} (where the config repo is) and an optional {@code stateDir}. */
public record Bootstrap(SourceSpec source, Path stateDir, PullRequests pullRequests) {
    /** Where the daemon plans pull requests: the repo on GitHub, and how often it looks. */
    public record PullRequests(String github, java.time.Duration every) {}

    public Bootstrap(SourceSpec source, Path stateDir) {
        this(source, stateDir, null);
    }
    public static final Path DEFAULT = Path.of("/etc/factory/factory.yaml");

    public record Result(Bootstrap bootstrap, List<Diagnostic> diagnostics) {}

    public static Result read(Path file) {
        var diagnostics = new Diagnostics();
        var doc = YamlReader.read(file, file, diagnostics);
        if (doc.isEmpty()) return new Result(null, diagnostics.sorted());
        SchemaValidator.load("/schema/bootstrap.schema.json").validate(doc.get(), diagnostics);
        if (diagnostics.hasErrors()) return new Result(null, diagnostics.sorted());
        var s = doc.get().root().get("source");
        var verify = s.path("verify");
        var mode = "head".equals(verify.path("mode").asText("none")) ? SourceSpec.VerifyMode.HEAD : SourceSpec.VerifyMode.NONE;
        Path base = file.toAbsolutePath().getParent();
        Path signers = verify.hasNonNull("allowedSigners") ? base.resolve(verify.get("allowedSigners").asText()) : null;
        if (mode == SourceSpec.VerifyMode.HEAD && (signers == null || !Files.isRegularFile(signers))) {
            diagnostics.add(Diagnostic.error(doc.get().valueLocation("/source/verify"), "source.verify",
                    "verify mode head needs allowedSigners: an SSH allowed-signers file that exists"));
            return new Result(null, diagnostics.sorted());
        }
        var spec = new SourceSpec(s.get("url").asText(), s.path("ref").asText(null), s.path("path").asText(null), mode, signers);
        Path state = doc.get().root().hasNonNull("stateDir") ? base.resolve(doc.get().root().get("stateDir").asText()) : null;
        var pr = s.path("pullRequests");
        PullRequests pulls = pr.hasNonNull("github")
                ? new PullRequests(pr.get("github").asText(), dev.factory.config.Age.parse(pr.path("every").asText("2m")).duration()) : null;
        return new Result(new Bootstrap(spec, state, pulls), diagnostics.sorted());
    }
}
