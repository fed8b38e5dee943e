package dev.factory.kinds.image;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import java.util.List;
import java.util.Map;

/** {@code images:}: layered images built from the config's own contexts. */
@dev.factory.engine.KindApi
public final class ImageSection implements Section<Map<String, ImageSpec>> {
    public static final ImageSection SECTION = new ImageSection();

    private ImageSection() {}

    @Override
    public List<String> keys() {
        return List.of("images");
    }

    @Override
    public Map<String, ImageSpec> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        return Section.sorted(ImageRules.read(declared.getOrDefault("images", List.of()), ctx));
    }

    @Override
    public String toString() {
        return "the images section";
    }
}
