package dev.factory.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.factory.config.SchemaValidator;
import dev.factory.config.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code schema/factory.schema.json} is what editors validate against; the loader validates with
 * the schema composed from each registered section's fragment. The two must say the same thing.
 * After changing a fragment: {@code mvn test -Dtest=PublishedSchemaTest -Dgolden.update=true}.
 */
class PublishedSchemaTest {
    private static final Path PUBLISHED = Path.of("..", "schema", "factory.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePublishedSchemaIsTheComposition() throws Exception {
        var composed = SchemaValidator.composed(Registry.sections());
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(PUBLISHED, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(composed) + "\n");
        }
        assertEquals(JSON.readTree(PUBLISHED.toFile()), composed,
                "schema/factory.schema.json differs from the sections' fragments; regenerate it (see this test's comment)");
    }

    @Test
    void everyPropertyIsDescribedForEditorsAndTheReference() {
        var composed = SchemaValidator.composed(Registry.sections());
        var undescribed = new ArrayList<String>();
        int[] count = {0};
        walk(composed, "", undescribed, count);
        assertEquals(List.of(), undescribed, "properties without a description (hover text in editors, docs/configuration.md)");
        assertTrue(count[0] > 140, "the walk saw the properties: " + count[0]);
        assertEquals(85, composed.at("/$defs/host/properties/disk/properties/alertAtPercent/default").asInt(), "defaults are published");
    }

    private static void walk(com.fasterxml.jackson.databind.JsonNode node, String path, List<String> undescribed, int[] count) {
        if (!node.isObject()) return;
        var props = node.get("properties");
        if (props != null) {
            props.fields().forEachRemaining(e -> {
                count[0]++;
                if (!e.getValue().has("description")) undescribed.add(path + "." + e.getKey());
                walk(e.getValue(), path + "." + e.getKey(), undescribed, count);
            });
        }
        for (String key : List.of("items", "additionalProperties")) {
            if (node.has(key)) walk(node.get(key), path + "[]", undescribed, count);
        }
        if (node.has("$defs")) node.get("$defs").fields().forEachRemaining(e -> walk(e.getValue(), "#" + e.getKey(), undescribed, count));
    }

    @Test
    void everySectionKeyIsInTheSchemaAndNothingElseIs() {
        var composed = SchemaValidator.composed(Registry.sections());
        var keys = new ArrayList<String>();
        composed.get("properties").fieldNames().forEachRemaining(keys::add);
        var declared = new ArrayList<>(List.of("host"));
        Registry.sections().forEach(s -> declared.addAll(s.keys()));
        assertEquals(declared, keys);
    }

    @Test
    void aSectionWithoutItsFragmentIsAWiringBug() {
        Section<String> orphan = new Section<>() {
            @Override
            public List<String> keys() {
                return List.of("orphans");
            }

            @Override
            public String read(java.util.Map<String, List<dev.factory.config.Declared>> declared, dev.factory.config.SectionContext ctx) {
                return "";
            }
        };
        var e = assertThrows(IllegalStateException.class, () -> SchemaValidator.composed(List.of(orphan)));
        assertTrue(e.getMessage().contains(".schema.json is missing"), e.getMessage());
    }
}
