package dev.factory.kinds.repo;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import java.util.List;
import java.util.Map;

/** {@code repos:}: the clones the host keeps. */
@dev.factory.engine.KindApi
public final class RepoSection implements Section<Map<String, RepoSpec>> {
    public static final RepoSection SECTION = new RepoSection();

    private RepoSection() {}

    @Override
    public List<String> keys() {
        return List.of("repos");
    }

    @Override
    public Map<String, RepoSpec> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        return Section.sorted(RepoRules.read(declared.getOrDefault("repos", List.of()), ctx.host(), ctx.configDir(), ctx.tree(), ctx.diagnostics()));
    }

    @Override
    public String toString() {
        return "the repos section";
    }
}
