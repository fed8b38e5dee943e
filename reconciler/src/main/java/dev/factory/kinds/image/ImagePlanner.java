package dev.factory.kinds.image;

import dev.factory.engine.port.EngineImage;

import dev.factory.config.Diagnostic;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure diff for images: desired specs and their read inputs against what the engine holds.
 * Images are visited parents first, so a parent's rebuild marks its children in the same plan.
 */
public final class ImagePlanner {
    public static final String KIND = "image";
    static final String KNOWN_AFTER_APPLY = "(known after apply)";

    /** What the engine holds: the image each {@code NAME:latest} tag points at, and owned images by name. */
    public record Observed(Map<String, EngineImage> latest, Map<String, List<EngineImage>> owned) {}

    /** Everything the diff reads. {@code inputErrors} holds images whose context could not be read. */
    public record Input(dev.factory.plan.Owner owner, Map<String, ImageSpec> desired, Map<String, BuildInputs> inputs,
                        Map<String, String> inputErrors, Observed observed, Map<String, RecordedBuild> recorded, Digester digester) {
        public Input(dev.factory.plan.Owner owner, Map<String, ImageSpec> desired, Map<String, BuildInputs> inputs,
                     Map<String, String> inputErrors, Observed observed, Map<String, RecordedBuild> recorded) {
            this(owner, desired, inputs, inputErrors, observed, recorded, COMPUTE);
        }
    }

    /** An image's digests ({@link BuildInputs#digests}): computed, or remembered for inputs unchanged since. */
    public interface Digester {
        BuildInputs.Digests digests(String name, BuildInputs inputs, String base);
    }

    static final Digester COMPUTE = (name, inputs, base) -> inputs.digests(base);

    private ImagePlanner() {}

    public static Address address(String name) {
        return Address.of(KIND, name);
    }

    public static KindPlan plan(Input in) {
        var changes = new LinkedHashMap<String, Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var fingerprints = new TreeMap<String, String>();
        // every id the inventory remembers building, once a plan (per image, it made the plan quadratic in images)
        var built = new java.util.HashSet<String>();
        in.recorded.values().forEach(r -> built.addAll(r.allIds()));
        for (String name : topologicalOrder(in.desired)) {
            EngineImage latest = in.observed.latest().get(name);
            fingerprints.put(address(name).toString(), latest == null ? "absent" : latest.id());
            changes.put(name, planOne(name, in, changes, latest, built, diagnostics));
        }
        for (var e : new TreeMap<>(in.observed.owned()).entrySet()) {
            if (in.desired.containsKey(e.getKey())) continue;
            fingerprints.put(address(e.getKey()).toString(), ids(e.getValue()));
            changes.put(e.getKey(), deletion(e.getKey(), e.getValue(), in.observed.owned()));
        }
        return new KindPlan(new ArrayList<>(changes.values()), diagnostics, fingerprints);
    }

    private static Change planOne(String name, Input in, Map<String, Change> planned, EngineImage latest, java.util.Set<String> built,
                                  List<Diagnostic> diagnostics) {
        ImageSpec spec = in.desired.get(name);
        Address address = address(name);
        String parent = spec.parent(in.desired);
        List<Address> dependsOn = parent == null ? List.of() : List.of(address(parent));
        var before = latest == null ? null : ImagePayload.live(latest.id(), String.valueOf(latest.label(Ownership.HASH)));

        if (latest != null && !latest.ownedBy(in.owner, built)) {
            if (address.toString().equals(latest.label(Ownership.ADDRESS)) && in.owner.isForeign(latest.labels(), latest.id())) {
                diagnostics.add(Diagnostic.error(spec.at(), "images." + name, address + ": the tag " + name + ":latest is held by another factory's image ("
                        + dev.factory.plan.Foreign.of(address, latest.id(), latest.labels()).describe() + "); if it is this config's, adopt it with: factory import "
                        + address + ", or rename this image"));
                return Change.of(address, Action.UNKNOWN, "tag " + name + ":latest is held by another factory lineage's image", before, null, dependsOn);
            }
            diagnostics.add(Diagnostic.error(spec.at(), "images." + name, address + ": the tag " + name
                    + ":latest belongs to an image factory does not own (" + shortId(latest.id()) + "); "
                    + "rename this image in the config, or retag or remove the other image yourself"));
            return Change.of(address, Action.UNKNOWN, "tag " + name + ":latest is held by an unmanaged image", before, null, dependsOn);
        }
        if (in.inputErrors.containsKey(name)) {
            return Change.of(address, Action.UNKNOWN, in.inputErrors.get(name), before, null, dependsOn);
        }
        BuildInputs inputs = in.inputs.get(name);
        String from = parent == null ? spec.from() : address(parent).toString();

        String base;
        boolean parentRebuilt = false;
        if (parent == null) {
            base = spec.from();
        } else {
            Change parentChange = planned.get(parent);
            if (parentChange.action() == Action.UNKNOWN) {
                return Change.of(address, Action.UNKNOWN, "parent " + address(parent) + " is unknown", before, null, dependsOn);
            }
            parentRebuilt = parentChange.action() == Action.CREATE || parentChange.action() == Action.REPLACE;
            base = parentRebuilt ? null : in.observed.latest().get(parent).id();
        }
        var recordedDigests = in.recorded.get(name) == null ? null : in.recorded.get(name).digestsFor(inputs, base);
        var digests = recordedDigests != null ? recordedDigests : in.digester.digests(name, inputs, base);
        String hash = digests.hash();
        var after = ImagePayload.wanted(digests.inputs(), from, hash == null ? KNOWN_AFTER_APPLY : hash);

        if (latest == null) {
            String reason = in.recorded.containsKey(name) ? "built before, but " + name + ":latest is gone" : "not built yet";
            return Change.of(address, Action.CREATE, reason, null, after, dependsOn);
        }
        if (hash != null && hash.equals(latest.label(Ownership.HASH))) {
            return Change.of(address, Action.NO_OP, "up to date", before, after, dependsOn);
        }
        var causes = causes(name, spec, parent, parentRebuilt, base, inputs, latest, in.recorded.get(name));
        return Change.of(address, Action.REPLACE, String.join("; ", causes), before, after, dependsOn);
    }

    private static List<String> causes(String name, ImageSpec spec, String parent, boolean parentRebuilt, String base,
                                       BuildInputs inputs, EngineImage latest, RecordedBuild recorded) {
        var causes = new ArrayList<String>();
        if (parentRebuilt) causes.add("parent " + address(parent) + " rebuilt");
        boolean recordMatchesLive = recorded != null && recorded.hash().equals(latest.label(Ownership.HASH));
        if (recordMatchesLive) {
            if (base != null && !base.equals(recorded.base())) {
                causes.add(parent != null ? "parent " + address(parent) + " changed since the last build"
                        : "base changed from " + recorded.base() + " to " + base);
            }
            causes.addAll(inputs.causesSince(recorded.inputs()));
        }
        if (causes.isEmpty()) {
            String was = latest.label(Ownership.HASH);
            causes.add("content hash changed (" + shortHash(was) + " -> " + (base == null ? "new" : shortHash(inputs.digest(base))) + ")");
        }
        return causes;
    }

    private static Change deletion(String name, List<EngineImage> images, Map<String, List<EngineImage>> owned) {
        // remove children before parents: wait for every owned image built FROM this one
        Set<Address> dependsOn = new LinkedHashSet<>();
        String self = address(name).toString();
        owned.forEach((other, list) -> {
            if (!other.equals(name) && list.stream().anyMatch(i -> self.equals(i.label(Ownership.PARENT)))) {
                dependsOn.add(address(other));
            }
        });
        var tags = images.stream().flatMap(i -> i.tags().stream()).sorted().toList();
        var before = ImagePayload.removed(ids(images), tags);
        return Change.of(address(name), Action.DELETE, "no longer declared", before, null, new ArrayList<>(dependsOn));
    }

    /** Parents before children; names otherwise in sorted order, so plans are stable. */
    static List<String> topologicalOrder(Map<String, ImageSpec> desired) {
        var order = new LinkedHashSet<String>();
        for (String name : new TreeMap<>(desired).keySet()) visit(name, desired, order, new LinkedHashSet<>());
        return new ArrayList<>(order);
    }

    private static void visit(String name, Map<String, ImageSpec> desired, Set<String> order, Set<String> path) {
        if (order.contains(name) || !path.add(name)) return;
        String parent = desired.get(name).parent(desired);
        if (parent != null) visit(parent, desired, order, path);
        order.add(name);
    }

    private static String ids(List<EngineImage> images) {
        return String.join(",", images.stream().map(EngineImage::id).sorted().toList());
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    static String shortHash(String hash) {
        return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length()));
    }
}
