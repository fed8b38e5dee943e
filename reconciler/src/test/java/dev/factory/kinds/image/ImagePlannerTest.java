package dev.factory.kinds.image;

import dev.factory.engine.port.EngineImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Ownership;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image diff with no I/O: specs, inputs and engine images are made here. */
class ImagePlannerTest {
    private static final dev.factory.plan.Owner OWNER = dev.factory.plan.Owner.of("box");

    private final Map<String, ImageSpec> desired = new LinkedHashMap<>();
    private final Map<String, BuildInputs> inputs = new HashMap<>();
    private final List<EngineImage> engine = new ArrayList<>();
    private final Map<String, RecordedBuild> recorded = new HashMap<>();

    private void declare(String name, String from, String fileContent) {
        desired.put(name, new ImageSpec(name, Path.of("/ctx/" + name), Path.of("/ctx/" + name + "/Dockerfile"), from, Map.of(), Map.of(), null));
        inputs.put(name, new BuildInputs("Dockerfile", "df-" + name, Map.of("app.txt", fileContent), Map.of(), Map.of()));
    }

    /** Puts a built image in the engine as apply would have: hash over its inputs and base. */
    private EngineImage built(String name, String base) {
        String hash = inputs.get(name).digest(base);
        var labels = new HashMap<>(Ownership.labels(OWNER, ImagePlanner.address(name), hash));
        var image = new EngineImage("sha256:" + name + "-" + hash.substring(0, 8), List.of(name + ":latest", name + ":" + hash.substring(0, 12)), labels, 1);
        engine.add(image);
        recorded.put(name, new RecordedBuild(image.id(), hash, base, inputs.get(name), List.of()));
        return image;
    }

    private KindPlan plan() {
        var observed = ImageKind.observe(engine, desired.keySet(), OWNER, java.util.Set.of());
        return ImagePlanner.plan(new ImagePlanner.Input(OWNER, desired, inputs, Map.of(), observed, recorded));
    }

    private static Change change(KindPlan plan, String name) {
        return plan.changes().stream().filter(c -> c.address().name().equals(name)).findFirst().orElseThrow();
    }

    private void chainBuilt() {
        declare("base", "ubuntu:24.04", "one");
        declare("mid", "base", "two");
        declare("leaf", "mid", "three");
        var base = built("base", "ubuntu:24.04");
        var mid = built("mid", base.id());
        built("leaf", mid.id());
    }

    @Test
    void missingImagesAreCreatedParentsFirst() {
        declare("leaf", "mid", "3");
        declare("mid", "base", "2");
        declare("base", "ubuntu:24.04", "1");

        var plan = plan();

        assertEquals(List.of("base", "mid", "leaf"), plan.changes().stream().map(c -> c.address().name()).toList());
        plan.changes().forEach(c -> assertEquals(Action.CREATE, c.action()));
        assertEquals(List.of(Address.of("image", "mid")), change(plan, "leaf").dependsOn());
        assertEquals("(known after apply)", change(plan, "mid").after().get("hash"));
    }

    @Test
    void digestsTheLastBuildRecordedForTheSameInputsAreNotComputedAgain() {
        declare("app", "debian:12", "v1");
        var image = built("app", "debian:12");
        var wrote = recorded.get("app");
        recorded.put("app", new RecordedBuild(wrote.id(), wrote.hash(), wrote.base(), wrote.inputs(), List.of(),
                inputs.get("app").inputsDigest(), BuildInputs.SCHEME));
        var asked = new ArrayList<String>();
        ImagePlanner.Digester counting = (name, in, base) -> {
            asked.add(name);
            return in.digests(base);
        };
        var observed = ImageKind.observe(engine, desired.keySet(), OWNER, java.util.Set.of());

        var same = ImagePlanner.plan(new ImagePlanner.Input(OWNER, desired, inputs, Map.of(), observed, recorded, counting));
        assertEquals(Action.NO_OP, change(same, "app").action());
        assertEquals(inputs.get("app").inputsDigest(), change(same, "app").after().get("inputs"));
        assertEquals(List.of(), asked);

        inputs.put("app", new BuildInputs("Dockerfile", "df-app", Map.of("app.txt", "v2"), Map.of(), Map.of()));
        var edited = ImagePlanner.plan(new ImagePlanner.Input(OWNER, desired, inputs, Map.of(), observed, recorded, counting));
        assertEquals(Action.REPLACE, change(edited, "app").action());
        assertEquals(inputs.get("app").inputsDigest(), change(edited, "app").after().get("inputs"));
        assertEquals(List.of("app"), asked);
        assertTrue(image.id().startsWith("sha256:app-"));
    }

    @Test
    void aBuiltChainIsAllNoOp() {
        chainBuilt();
        plan().changes().forEach(c -> assertEquals(Action.NO_OP, c.action(), c.toString()));
    }

    @Test
    void aChangedBaseFileReplacesTheWholeChainWithCauses() {
        chainBuilt();
        declare("base", "ubuntu:24.04", "one, edited");

        var plan = plan();

        assertEquals(Action.REPLACE, change(plan, "base").action());
        assertEquals("context file app.txt changed", change(plan, "base").reason());
        assertEquals(Action.REPLACE, change(plan, "mid").action());
        assertEquals("parent image/base rebuilt", change(plan, "mid").reason());
        assertEquals("parent image/mid rebuilt", change(plan, "leaf").reason());
    }

    @Test
    void aLeafEditReplacesOnlyTheLeaf() {
        chainBuilt();
        declare("leaf", "mid", "three, edited");

        var plan = plan();

        assertEquals(Action.NO_OP, change(plan, "base").action());
        assertEquals(Action.NO_OP, change(plan, "mid").action());
        assertEquals(Action.REPLACE, change(plan, "leaf").action());
    }

    @Test
    void aNewExternalBaseIsNamedAsTheCause() {
        chainBuilt();
        var spec = desired.get("base");
        desired.put("base", new ImageSpec("base", spec.context(), spec.dockerfile(), "ubuntu:26.04", Map.of(), Map.of(), null));

        assertEquals("base changed from ubuntu:24.04 to ubuntu:26.04", change(plan(), "base").reason());
    }

    @Test
    void anUndeclaredOwnedImageIsDeletedChildrenFirst() {
        chainBuilt();
        // mark parents as the builder does, then drop mid and leaf from the config
        engine.replaceAll(i -> withParent(i));
        desired.remove("leaf");
        desired.remove("mid");

        var plan = plan();

        assertEquals(Action.NO_OP, change(plan, "base").action());
        assertEquals(Action.DELETE, change(plan, "leaf").action());
        assertEquals(Action.DELETE, change(plan, "mid").action());
        assertEquals(List.of(Address.of("image", "leaf")), change(plan, "mid").dependsOn());
        assertEquals(List.of(), change(plan, "leaf").dependsOn());
    }

    private static EngineImage withParent(EngineImage i) {
        String name = Address.parse(i.label(Ownership.ADDRESS)).name();
        String parent = switch (name) { case "leaf" -> "image/mid"; case "mid" -> "image/base"; default -> null; };
        if (parent == null) return i;
        var labels = new HashMap<>(i.labels());
        labels.put(Ownership.PARENT, parent);
        return new EngineImage(i.id(), i.tags(), labels, i.createdEpochSeconds());
    }

    @Test
    void imagesOfAnotherOwnerOrUnlabelledAreNeverDeleted() {
        declare("base", "ubuntu:24.04", "1");
        built("base", "ubuntu:24.04");
        engine.add(new EngineImage("sha256:foreign", List.of("other:latest"),
                Map.of(Ownership.MANAGED, "true", Ownership.OWNER, "someone-else", Ownership.ADDRESS, "image/other"), 1));
        engine.add(new EngineImage("sha256:plain", List.of("tool:latest"), Map.of(), 1));

        var plan = plan();

        assertEquals(1, plan.changes().size());
        assertEquals(Action.NO_OP, plan.changes().get(0).action());
    }

    @Test
    void aDeclaredNameHeldByAnUnmanagedImageIsAnErrorNotAnOverwrite() {
        declare("tool", "ubuntu:24.04", "1");
        declare("child", "tool", "2");
        engine.add(new EngineImage("sha256:theirs", List.of("tool:latest"), Map.of(), 1));

        var plan = plan();

        assertEquals(Action.UNKNOWN, change(plan, "tool").action());
        assertEquals(Action.UNKNOWN, change(plan, "child").action());
        assertEquals(1, plan.diagnostics().size());
        assertTrue(plan.diagnostics().get(0).isError());
        assertTrue(plan.diagnostics().get(0).summary().contains("does not own"));
    }

    @Test
    void anImageBuiltFromOursInheritsOurLabelsButIsNotOurs() {
        declare("base", "ubuntu:24.04", "1");
        var ours = built("base", "ubuntu:24.04");
        // someone's `FROM base` build: Docker copies every label, ownership included
        var derived = new EngineImage("sha256:derived", List.of("their-tool:1"), ours.labels(), 2);
        var derivedDangling = new EngineImage("sha256:dangling", List.of(), ours.labels(), 3);
        engine.add(derived);
        engine.add(derivedDangling);
        desired.remove("base");

        var plan = plan();

        var delete = change(plan, "base");
        assertEquals(Action.DELETE, delete.action());
        assertEquals(ours.id(), delete.before().get("ids"), "only our own build is deleted");
        assertTrue(derived.ownedBy(OWNER, java.util.Set.of()) == false && derivedDangling.ownedBy(OWNER, java.util.Set.of()) == false);
        assertTrue(derivedDangling.ownedBy(OWNER, java.util.Set.of("sha256:dangling")), "an id factory recorded building is ours");
    }

    @Test
    void aLostTagIsRecreatedWithThatReason() {
        chainBuilt();
        engine.removeIf(i -> i.tags().contains("leaf:latest"));

        var leaf = change(plan(), "leaf");

        assertEquals(Action.CREATE, leaf.action());
        assertEquals("built before, but leaf:latest is gone", leaf.reason());
    }

    @Test
    void unreadableContextIsUnknownAndBlocksChildren() {
        declare("base", "ubuntu:24.04", "1");
        declare("mid", "base", "2");
        var observed = ImageKind.observe(engine, desired.keySet(), OWNER, java.util.Set.of());
        var plan = ImagePlanner.plan(new ImagePlanner.Input(OWNER, desired, inputs, Map.of("base", "cannot read"), observed, recorded));

        assertEquals(Action.UNKNOWN, change(plan, "base").action());
        assertEquals(Action.UNKNOWN, change(plan, "mid").action());
    }

    @Test
    void fingerprintsRecordWhatWasObserved() {
        chainBuilt();
        var plan = plan();
        assertTrue(plan.observed().get("image/base").startsWith("sha256:base-"));
        declare("extra", "base", "x");
        assertEquals("absent", plan().observed().get("image/extra"));
    }
}
