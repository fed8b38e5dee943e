package dev.factory.kinds.image;

import dev.factory.engine.port.ImageEngine;
import dev.factory.engine.port.EngineImage;

import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.config.SourceLocation;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Ownership;
import dev.factory.plan.ResourceKind;
import dev.factory.state.Inventory;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Images: observe the engine's images in one list call, diff with {@link ImagePlanner}, build with {@link ImageBuilder}. */
public final class ImageKind implements ResourceKind {

    private final ImageEngine engine;
    private final dev.factory.plan.Owner owner;
    private final Inventory inventory;
    private final StateDir stateDir;
    private final ImageBuilder builder;

    private final WarmContexts warm;
    private final boolean review;

    public ImageKind(ImageEngine engine, dev.factory.plan.Owner owner, Inventory inventory, StateDir stateDir, ImageBuilder builder) {
        this(engine, owner, inventory, stateDir, builder, null, false);
    }

    /**
     * @param warm contexts kept walked between this process's plans; null to walk each afresh
     * @param review a config under review (a pull request's, checked out elsewhere): its contexts are not the
     *               live config's, so the digests remembered for the live config's are not pruned by it
     */
    public ImageKind(ImageEngine engine, dev.factory.plan.Owner owner, Inventory inventory, StateDir stateDir, ImageBuilder builder,
                     WarmContexts warm, boolean review) {
        this.review = review;
        this.warm = warm;
        this.engine = engine;
        this.owner = owner;
        this.inventory = inventory;
        this.stateDir = stateDir;
        this.builder = builder;
    }

    @Override
    public String kind() {
        return ImagePlanner.KIND;
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        // the contexts first: the engine's image list, started with the observation, arrives meanwhile
        var inputs = new HashMap<String, BuildInputs>();
        var inputErrors = new HashMap<String, String>();
        long t = System.nanoTime();
        if (warm != null) warm.sync();
        var units = new HashMap<String, String>();
        for (ImageSpec spec : desired.get(ImageSection.SECTION).values()) units.put(spec.name(), BuildContext.unit(spec));
        readContexts(desired.get(ImageSection.SECTION).values(), inputs, inputErrors);
        if (warm != null) warm.retain(java.util.Set.copyOf(units.values()));
        // an image no longer declared leaves no digests behind
        if (!review) ContextDigests.retain(stateDir, desired.get(ImageSection.SECTION).values());
        dev.factory.runtime.Timing.mark("image: " + inputs.size() + " contexts read", t);
        List<EngineImage> images;
        t = System.nanoTime();
        try {
            images = engine.listImages();
            dev.factory.runtime.Timing.mark("image: the engine's list (waited)", t);
        } catch (DockerUnavailableException e) {
            return unobservable(desired, e.getMessage());
        }
        return ImagePlanner.plan(new ImagePlanner.Input(owner, desired.get(ImageSection.SECTION), inputs, inputErrors,
                observe(images, desired.get(ImageSection.SECTION).keySet(), owner, RecordedBuild.builtIds(inventory)), recorded(),
                warm == null ? ImagePlanner.COMPUTE : (name, in, base) -> warm.digests(units.get(name), in, base))).withForeign(foreign(images, owner));
    }

    /** Threads reading contexts side by side in a process that keeps no walks (a CLI run). */
    static final int READERS = 4;

    /**
     * Reads each context's inputs into {@code inputs}, or why it could not into {@code errors}. A
     * process that keeps walks (the daemon) reads them one after another, most reused from memory;
     * one that does not (a CLI run, cold) reads them side by side, the biggest first by what each
     * remembered last time, so the longest walk is not the one left to run alone at the end.
     */
    private void readContexts(java.util.Collection<ImageSpec> specs, Map<String, BuildInputs> inputs, Map<String, String> errors) {
        record Read(ImageSpec spec, ContextDigests digests, long size) {}
        boolean beside = warm == null && specs.size() > 1;
        var order = new ArrayList<Read>();
        for (ImageSpec spec : specs) {
            var digests = ContextDigests.of(stateDir, spec);
            order.add(new Read(spec, digests, beside ? digests.rememberedBytes() : 0));
        }
        order.sort(java.util.Comparator.comparingLong(Read::size).reversed());
        var pool = beside ? dev.factory.runtime.Workers.pool(Math.min(READERS, order.size()), "image-context") : null;
        try {
            var reads = new ArrayList<java.util.concurrent.Future<BuildInputs>>();
            for (Read read : order) {
                java.util.concurrent.Callable<BuildInputs> work = () -> BuildContext.read(read.spec(), read.digests(), warm).inputs();
                if (pool != null) {
                    reads.add(pool.submit(work));
                } else {
                    var here = new java.util.concurrent.FutureTask<>(work);
                    here.run();
                    reads.add(here);
                }
            }
            for (int i = 0; i < order.size(); i++) {
                ImageSpec spec = order.get(i).spec();
                try {
                    inputs.put(spec.name(), reads.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof IOException io)) throw dev.factory.runtime.Workers.rethrow(e.getCause());
                    errors.put(spec.name(), "cannot read build context " + spec.context() + ": " + io.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted reading build contexts", e);
                }
            }
        } finally {
            if (pool != null) pool.shutdownNow();
        }
    }

    /** Engine unreachable: every declared image is unknown, and nothing is planned for deletion. */
    private KindPlan unobservable(Desired desired, String why) {
        var warning = Diagnostic.warning(SourceLocation.of(desired.configDir()), "images", why);
        return KindPlan.engineUnreachable(ImagePlanner.topologicalOrder(desired.get(ImageSection.SECTION)).stream().map(ImagePlanner::address).toList(),
                desired.get(ImageSection.SECTION).isEmpty() ? List.of() : List.of(warning));
    }

    /** Another lineage's images: managed, tagged under their own address's name (not merely built FROM one), not ours. */
    static List<dev.factory.plan.Foreign> foreign(List<EngineImage> images, dev.factory.plan.Owner owner) {
        var out = new ArrayList<dev.factory.plan.Foreign>();
        for (EngineImage i : images) {
            String address = i.label(Ownership.ADDRESS);
            if (address == null || !address.startsWith(ImagePlanner.KIND + "/")) continue;
            String name = address.substring(ImagePlanner.KIND.length() + 1);
            if (i.tags().stream().anyMatch(t -> t.startsWith(name + ":")) && owner.isForeign(i.labels(), i.id())) {
                out.add(dev.factory.plan.Foreign.of(Address.parse(address), i.id(), i.labels()));
            }
        }
        return out;
    }

    static ImagePlanner.Observed observe(List<EngineImage> images, java.util.Set<String> declared, dev.factory.plan.Owner owner, java.util.Set<String> builtIds) {
        var latest = new HashMap<String, EngineImage>();
        for (EngineImage image : images) {
            for (String tag : image.tags()) {
                if (tag.endsWith(":latest")) {
                    String name = tag.substring(0, tag.length() - ":latest".length());
                    if (declared.contains(name)) latest.put(name, image);
                }
            }
        }
        var owned = Ownership.ownedByName(images, ImagePlanner.KIND, i -> i.ownedBy(owner, builtIds), EngineImage::labels);
        return new ImagePlanner.Observed(latest, owned);
    }

    private Map<String, RecordedBuild> recorded() {
        var out = new HashMap<String, RecordedBuild>();
        var decoded = new java.util.IdentityHashMap<com.fasterxml.jackson.databind.JsonNode, RecordedBuild>();
        inventory.all().forEach((address, entry) -> {
            if (!ImagePlanner.KIND.equals(entry.kind()) || entry.data() == null) return;
            RecordedBuild build = warm == null ? null : warm.recorded(entry.data());
            try {
                if (build == null) build = RecordedBuild.fromJson(entry.data());
                decoded.put(entry.data(), build);
                out.put(Address.parse(address).name(), build);
            } catch (IllegalArgumentException e) {
                // an entry from an older format only loses the detailed causes, never correctness
            }
        });
        if (warm != null) warm.recorded(decoded);
        return out;
    }

    @Override
    public void apply(Change change, Desired desired) throws Exception {
        String name = change.address().name();
        switch (change.action()) {
            case CREATE, REPLACE -> builder.build(desired.get(ImageSection.SECTION).get(name), desired, change);
            case DELETE -> builder.delete(name);
            default -> throw new IllegalArgumentException(change.address() + ": nothing to apply for " + change.action().word());
        }
    }
}
