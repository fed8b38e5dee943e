package dev.factory.kinds.image;

import dev.factory.fs.DirWatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Build contexts a long-running process (the daemon's plan server, bench-plan) keeps walked
 * between observations: a context is walked again only when a file notification says one of its
 * directories changed since its walk ({@link DirWatch}; each directory is watched before it is
 * read, and {@link #sync} takes every notification of a change made before it).
 *
 * <p>A write through a hard link made elsewhere notifies nobody watching the file's directory,
 * and neither does making the link. So a context is kept only while every file in it is one only
 * factory's own user can write or link (owned by it, writable by neither group nor others, one
 * link): an agent that can write a context's file (a clone's, say) makes that context walked on
 * every plan, as is one with a directory that could not be watched.
 */
public final class WarmContexts {
    /** A walk that tells {@code watcher} each directory before it lists it, and each file. */
    interface Walk {
        Map<String, String> walk(BuildContext.Watcher watcher) throws IOException;
    }

    private static final int SELF_UID = uid();

    private static int uid() {
        try {
            return (Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;   // unknown: no file counts as ours, nothing is kept
        }
    }

    /** Whether only factory's own user can change this file's content (so a notification tells of every change). */
    static boolean onlyOurs(int mode, int uid, int links, int self) {
        return uid == self && self >= 0 && (mode & 0022) == 0 && links == 1;
    }

    private record Hashed(BuildInputs inputs, String base, BuildInputs.Digests digests) {}

    private final DirWatch watch;
    private final Map<String, Map<String, String>> walked = new HashMap<>();
    private final Map<String, Hashed> hashed = new HashMap<>();
    private java.util.IdentityHashMap<com.fasterxml.jackson.databind.JsonNode, RecordedBuild> recorded = new java.util.IdentityHashMap<>();
    private long walks;

    public WarmContexts(DirWatch watch) {
        this.watch = watch;
    }

    /** Takes the notifications of every change made so far; an observation calls it before reading contexts. */
    void sync() {
        watch.sync();
    }

    /** The context's files as last walked when nothing changed since, else walked now by {@code walk}. */
    synchronized Map<String, String> files(String unit, Walk walk) throws IOException {
        Map<String, String> kept = walked.get(unit);
        if (kept != null && watch.unchanged(unit)) return kept;
        walked.remove(unit);
        watch.forget(unit);
        walks++;
        boolean[] keepable = {true};
        Map<String, String> files = walk.walk(new BuildContext.Watcher() {
            @Override
            public void directory(Path dir) {
                keepable[0] &= watch.watch(unit, dir);
            }

            @Override
            public void file(Path file, int mode, int uid, int links) {
                keepable[0] &= onlyOurs(mode, uid, links, SELF_UID);
            }
        });
        if (keepable[0]) walked.put(unit, files);
        return files;
    }

    /** How many contexts were walked rather than reused (tests, bench). */
    synchronized long walks() {
        return walks;
    }

    /**
     * The digests of {@code inputs} on {@code base}, remembered for the unit while its inputs are
     * the same (one entry per unit: the last inputs it had).
     */
    synchronized BuildInputs.Digests digests(String unit, BuildInputs inputs, String base) {
        Hashed last = hashed.get(unit);
        if (last != null && java.util.Objects.equals(last.base(), base) && last.inputs().sameAs(inputs)) return last.digests();
        var digests = inputs.digests(base);
        hashed.put(unit, new Hashed(inputs, base, digests));
        return digests;
    }

    /**
     * The build record decoded last time from this very inventory node (the inventory is kept
     * parsed while its file's bytes are the same, so an unchanged record is the same node), or null.
     */
    synchronized RecordedBuild recorded(com.fasterxml.jackson.databind.JsonNode data) {
        return recorded.get(data);
    }

    /** Keeps exactly these decoded records: those of the last plan. */
    synchronized void recorded(java.util.IdentityHashMap<com.fasterxml.jackson.databind.JsonNode, RecordedBuild> decoded) {
        recorded = decoded;
    }

    /** Forgets (and unwatches) every context but {@code units}: those the config no longer declares. */
    synchronized void retain(Set<String> units) {
        hashed.keySet().retainAll(units);
        for (String unit : Set.copyOf(walked.keySet())) {
            if (!units.contains(unit)) {
                walked.remove(unit);
                watch.forget(unit);
            }
        }
    }

}
