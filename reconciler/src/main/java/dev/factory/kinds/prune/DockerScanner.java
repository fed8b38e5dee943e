package dev.factory.kinds.prune;

import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.EngineImage;
import dev.factory.plan.Address;
import dev.factory.plan.Ownership;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker objects the prune rules may remove. Only owned ones, unless a rule says
 * {@code unowned: true}; never a running container, never a declared service's container,
 * never the image a declared name's {@code :latest} points at.
 */
final class DockerScanner {
    static final String CONTAINER = "prune-container";
    static final String IMAGE = "prune-image";
    static final String BUILD_CACHE = "build-cache";

    private DockerScanner() {}

    static void containers(PruneSpec.ContainerRule rule, dev.factory.plan.Owner owner, Set<String> declared, ContainerEngine engine, Instant now, List<Candidate> out) {
        var listed = engine.listContainers();
        for (EngineContainer c : listed) {
            if (!"exited".equals(c.state()) && !"dead".equals(c.state())) continue;
            boolean owned = c.ownedBy(owner);
            if (!owned && !rule.unowned()) continue;
            String address = c.label(Ownership.ADDRESS);
            if (owned && address != null && declared.contains(address)) continue;
            var exited = engine.exited(c.id());
            boolean due = exited.finishedAt().isBefore(now.minus(rule.exitedFor().duration()));
            out.add(new Candidate(Address.of(CONTAINER, c.name()), (owned ? "" : "unowned (prune.docker.containers.unowned) ")
                    + "container exited at " + exited.finishedAt() + ", longer than " + rule.exitedFor() + " ago",
                    exited.sizeRw(), 1, exited.finishedAt(), due, "docker.containers", listed.size(), PrunePayload.container(c.id(), owned)));
        }
    }

    static void images(PruneSpec.ImageRule rule, dev.factory.plan.Owner owner, Set<String> builtIds, List<EngineImage> images, Instant now, List<Candidate> out) {
        var seen = new HashSet<String>();
        if (rule.keepLatest() != null) {
            var byName = new HashMap<String, List<EngineImage>>();
            for (EngineImage i : images) {
                String address = i.label(Ownership.ADDRESS);
                if (i.ownedBy(owner, builtIds) && address != null && address.startsWith("image/")) byName.computeIfAbsent(address, k -> new ArrayList<>()).add(i);
            }
            for (var e : byName.entrySet()) {
                var newestFirst = new ArrayList<>(e.getValue());
                newestFirst.sort(Comparator.comparingLong(EngineImage::createdEpochSeconds).reversed());
                int kept = 0;
                for (EngineImage i : newestFirst) {
                    boolean current = i.tags().stream().anyMatch(t -> t.endsWith(":latest"));
                    if (current || kept < rule.keepLatest() - 1 && !i.tags().isEmpty()) {
                        kept += current ? 0 : 1;
                        continue;
                    }
                    if (seen.add(i.id())) out.add(image(i, "an older build of " + e.getKey() + " beyond keepLatest " + rule.keepLatest(), images.size()));
                }
            }
        }
        if (rule.dangling()) {
            for (EngineImage i : images) {
                boolean owned = i.ownedBy(owner, builtIds);
                if (!i.tags().isEmpty() || !(owned || rule.unowned())) continue;
                if (seen.add(i.id())) out.add(image(i, (owned ? "" : "unowned (prune.docker.images.unowned) ") + "dangling image", images.size()));
            }
        }
    }

    private static Candidate image(EngineImage i, String why, long examined) {
        return new Candidate(Address.of(IMAGE, i.id().replace("sha256:", "").substring(0, 12)), why, i.size(), 1,
                Instant.ofEpochSecond(i.createdEpochSeconds()), true, "docker.images", examined, PrunePayload.image(i.id(), i.tags()));
    }

    static void buildCache(long maxBytes, long currentBytes, List<Candidate> out) {
        if (currentBytes <= maxBytes) return;
        out.add(new Candidate(Address.of(BUILD_CACHE, "engine"), "build cache " + dev.factory.config.ByteSize.human(currentBytes)
                + " is above " + dev.factory.config.ByteSize.human(maxBytes), currentBytes - maxBytes, 1, Instant.EPOCH, true, "docker.buildCache", 1,
                PrunePayload.buildCache(currentBytes, maxBytes)));
    }

}
