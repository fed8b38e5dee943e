package dev.factory.notify;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import java.util.List;
import java.util.Map;

/** {@code notify:}: where the daemon's alerts go (a Slack-compatible webhook, a JSON webhook, a command). */
public final class NotifySection implements Section<Map<String, NotifyTarget>> {
    public static final NotifySection SECTION = new NotifySection();

    private NotifySection() {}

    @Override
    public List<String> keys() {
        return List.of("notify");
    }

    @Override
    public Map<String, NotifyTarget> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        return Section.sorted(NotifyRules.targets(declared.getOrDefault("notify", List.of()), ctx.diagnostics()));
    }

    @Override
    public String toString() {
        return "the notify section";
    }
}
