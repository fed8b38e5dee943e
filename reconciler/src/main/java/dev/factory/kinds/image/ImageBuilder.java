package dev.factory.kinds.image;

import dev.factory.config.Desired;
import dev.factory.engine.port.EngineImage;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.Ownership;
import dev.factory.plan.Payload;
import dev.factory.state.Inventory;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries out image changes: builds (tags, ownership and OCI labels, the exact parent id as
 * {@code BASE_IMAGE}, a full log in the state dir) and deletes owned images by removing their tags.
 */
public final class ImageBuilder {
    /** Made at the first build, not when a plan loads this class: a formatter's first use costs a cold JVM tens of ms. */
    private static final class Stamp {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    }

    private final ImageEngine engine;
    private final dev.factory.plan.Owner owner;
    private final Inventory inventory;
    private final StateDir stateDir;
    private final Consumer<String> progress;

    public ImageBuilder(ImageEngine engine, dev.factory.plan.Owner owner, Inventory inventory, StateDir stateDir, Consumer<String> progress) {
        this.engine = engine;
        this.owner = owner;
        this.inventory = inventory;
        this.stateDir = stateDir;
        this.progress = progress;
    }

    void build(ImageSpec spec, Desired desired, Change change) throws IOException {
        Address address = ImagePlanner.address(spec.name());
        BuildContext context = BuildContext.read(spec, ContextDigests.of(stateDir, spec));
        BuildInputs inputs = context.inputs();
        var wanted = Payload.read(change.after(), ImagePayload.class);
        String inputsDigest = inputs.inputsDigest();
        if (wanted != null && !inputsDigest.equals(wanted.inputs())) {
            throw new IOException(address + ": the build context changed after the plan was made; run factory plan again");
        }
        var images = engine.listImages();
        var observed = ImageKind.observe(images, desired.get(ImageSection.SECTION).keySet(), owner, RecordedBuild.builtIds(inventory));
        EngineImage current = observed.latest().get(spec.name());
        if (current != null && !current.ownedBy(owner)) {
            throw new IOException(address + ": " + spec.name() + ":latest belongs to an image factory does not own; not overwriting it");
        }
        String parent = spec.parent(desired.get(ImageSection.SECTION));
        String base = spec.from();
        if (parent != null) {
            EngineImage parentImage = observed.latest().get(parent);
            if (parentImage == null || !parentImage.ownedBy(owner)) {
                throw new IOException(address + ": parent image " + parent + ":latest is missing; apply its change first");
            }
            base = parentImage.id();
        }
        String hash = inputs.digest(base);
        String planned = wanted == null ? null : wanted.hash();
        if (planned != null && !planned.equals(ImagePlanner.KNOWN_AFTER_APPLY) && !planned.equals(hash)) {
            throw new IOException(address + ": its inputs changed after the plan was made; run factory plan again");
        }

        var args = new LinkedHashMap<>(spec.args());
        args.put("BASE_IMAGE", base);
        List<String> tags = List.of(spec.name() + ":latest", spec.name() + ":" + hash.substring(0, 12));
        String id = runBuild(address, spec.name(), context, hash, base, new ImageEngine.BuildRequest(null, inputs.dockerfilePath(), args,
                labels(spec, desired, address, hash, parent), tags, spec.build().network()));
        record(address, id, hash, base, inputs, inputsDigest);
        if (current != null && !current.id().equals(id)) untagOld(spec.name(), current);
    }

    /** The image's own labels, then factory's ownership labels and the OCI title, base and revision. */
    private Map<String, String> labels(ImageSpec spec, Desired desired, Address address, String hash, String parent) {
        var labels = new LinkedHashMap<>(spec.labels());
        labels.putAll(Ownership.labels(owner, address, hash));
        if (parent != null) labels.put(Ownership.PARENT, ImagePlanner.address(parent).toString());
        labels.put("org.opencontainers.image.title", spec.name());
        labels.put("org.opencontainers.image.base.name", parent == null ? spec.from() : parent + ":latest");
        if (desired.revision() != null) labels.put("org.opencontainers.image.revision", desired.revision().sha());
        return labels;
    }

    /** Tars the context into the state dir, builds with the full log in STATE/logs (masked), and returns the image id. */
    private String runBuild(Address address, String name, BuildContext context, String hash, String base, ImageEngine.BuildRequest request)
            throws IOException {
        stateDir.create();
        Path log = stateDir.logsDir().resolve("image-" + name + "-" + Stamp.FORMAT.format(Instant.now()) + ".log");
        Path tar = Files.createTempFile(stateDir.root(), ".context-" + name + "-", ".tar");
        String id;
        try (PrintWriter logWriter = dev.factory.secrets.Masker.printWriter(new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true))) {
            try (OutputStream out = Files.newOutputStream(tar)) {
                context.writeTar(out);
            }
            logWriter.println("# " + address + " hash " + hash + " base " + base);
            progress.accept(address + ": building (log " + log + ")");
            long started = System.nanoTime();
            var shown = new BuildOutput(address.toString(), request.labels().size());
            try {
                id = engine.build(new ImageEngine.BuildRequest(tar, request.dockerfile(), request.buildArgs(), request.labels(), request.tags(),
                        request.network()), line -> {
                    logWriter.println(line);
                    shown.show(line).ifPresent(progress);
                });
            } catch (IOException e) {
                logWriter.println("# failed: " + e.getMessage());
                throw new IOException(address + " build failed: " + e.getMessage() + " (full log: " + log + ")", e);
            }
            long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            logWriter.println("# built " + id + " in " + seconds + " s");
            progress.accept(address + ": built in " + seconds + " s");
        } finally {
            Files.deleteIfExists(tar);
        }
        return id;
    }

    /** What the inventory keeps of a build: its id and hash, what it was built from, and the ids it replaced (for prune). */
    private void record(Address address, String id, String hash, String base, BuildInputs inputs, String inputsDigest) throws IOException {
        var previous = new java.util.ArrayList<String>();
        inventory.get(address.toString()).ifPresent(e -> {
            e.data().path("previous").forEach(p -> previous.add(p.asText()));
            if (e.id() != null) previous.add(e.id());
        });
        previous.remove(id);
        var record = new RecordedBuild(id, hash, base, inputs, previous.subList(Math.max(0, previous.size() - 50), previous.size()),
                inputsDigest, BuildInputs.SCHEME);
        inventory.put(address.toString(), new Inventory.Entry(ImagePlanner.KIND, id, hash, Instant.now(), Inventory.json().valueToTree(record)));
    }

    /** The replaced image keeps only its hash tag; drop that too unless something still uses it. */
    private void untagOld(String name, EngineImage old) {
        for (String tag : old.tags()) {
            if (!tag.startsWith(name + ":") || tag.equals(name + ":latest")) continue;
            try {
                engine.remove(tag);
            } catch (RuntimeException e) {
                progress.accept(ImagePlanner.address(name) + ": kept the previous image " + tag + " (" + e.getMessage() + ")");
            }
        }
    }

    void delete(String name) throws IOException {
        Address address = ImagePlanner.address(name);
        var owned = new ArrayList<EngineImage>();
        for (EngineImage image : engine.listImages()) {
            if (image.ownedBy(owner, RecordedBuild.builtIds(inventory)) && address.toString().equals(image.label(Ownership.ADDRESS))) owned.add(image);
        }
        var failures = new ArrayList<String>();
        for (EngineImage image : owned) {
            // hash tags first, :latest last: the image itself goes with its last tag
            var refs = new ArrayList<>(image.tags());
            refs.sort(Comparator.comparing((String t) -> t.endsWith(":latest")));
            if (refs.isEmpty()) refs.add(image.id());
            for (String ref : refs) {
                try {
                    engine.remove(ref);
                } catch (RuntimeException e) {
                    failures.add(ref + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException(address + " delete failed (is a container still using it?): " + String.join("; ", failures));
        }
        inventory.remove(address.toString());
    }

}
