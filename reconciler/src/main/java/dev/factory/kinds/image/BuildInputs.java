package dev.factory.kinds.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that determines an image except its parent: the Dockerfile, each context file (by
 * content digest, with the executable bit), build args and labels. {@link #digest(String)} adds
 * the parent's exact image id (or the external reference) to give the image's content hash.
 *
 * @param dockerfilePath where the Dockerfile sits inside the build tar
 * @param files context path -> {@code sha256hex}, {@code sha256hex+x}, {@code dir} or {@code link:TARGET}
 */
public record BuildInputs(String dockerfilePath, String dockerfileDigest, Map<String, String> files,
                          Map<String, String> args, Map<String, String> labels, Map<String, String> build) {

    private static final String VERSION = "factory-image-v1";

    public BuildInputs {
        files = sorted(files);
        args = sorted(args);
        labels = sorted(labels);
        build = sorted(build);
    }

    /** Inputs of a build with the engine's defaults: no build network, no extra CA files. */
    public BuildInputs(String dockerfilePath, String dockerfileDigest, Map<String, String> files,
                       Map<String, String> args, Map<String, String> labels) {
        this(dockerfilePath, dockerfileDigest, files, args, labels, Map.of());
    }

    /** The content hash of the image built on {@code base} (a parent's image id, or an external reference). */
    public String digest(String base) {
        return dev.factory.runtime.Sha256.hex(canonical() + "base " + base + "\n");
    }

    /** Digest of the inputs alone, to notice a context edited between plan and apply. */
    public String inputsDigest() {
        return dev.factory.runtime.Sha256.hex(canonical());
    }

    private String canonical() {
        var sb = new StringBuilder(VERSION).append('\n');
        sb.append("dockerfile ").append(dockerfilePath).append(' ').append(dockerfileDigest).append('\n');
        files.forEach((p, d) -> sb.append("file ").append(p).append(' ').append(d).append('\n'));
        args.forEach((k, v) -> sb.append("arg ").append(k).append('=').append(v).append('\n'));
        labels.forEach((k, v) -> sb.append("label ").append(k).append('=').append(v).append('\n'));
        // absent for a default build, so the hashes of images built before build settings existed hold
        build.forEach((k, v) -> sb.append("build ").append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** Why {@code this} differs from what an earlier build recorded, in words for the plan. */
    public List<String> causesSince(BuildInputs before) {
        var causes = new ArrayList<String>();
        if (!dockerfileDigest.equals(before.dockerfileDigest) || !dockerfilePath.equals(before.dockerfilePath)) {
            causes.add("Dockerfile changed");
        }
        var fileCauses = new ArrayList<String>();
        diff(before.files, files, (path, kind) -> fileCauses.add("context file " + path + " " + kind));
        if (fileCauses.size() > 5) {
            int more = fileCauses.size() - 4;
            causes.addAll(fileCauses.subList(0, 4));
            causes.add("and " + more + " more context files");
        } else {
            causes.addAll(fileCauses);
        }
        diff(before.args, args, (k, kind) -> causes.add("build arg " + k + " " + kind));
        diff(before.labels, labels, (k, kind) -> causes.add("label " + k + " " + kind));
        diff(before.build == null ? Map.of() : before.build, build, (k, kind) -> causes.add("build setting " + k + " " + kind));
        return causes;
    }

    private static void diff(Map<String, String> before, Map<String, String> after, java.util.function.BiConsumer<String, String> out) {
        var keys = new TreeMap<String, Boolean>();
        before.keySet().forEach(k -> keys.put(k, true));
        after.keySet().forEach(k -> keys.put(k, true));
        for (String k : keys.keySet()) {
            String b = before.get(k);
            String a = after.get(k);
            if (b == null) out.accept(k, "added");
            else if (a == null) out.accept(k, "removed");
            else if (!a.equals(b)) out.accept(k, "changed");
        }
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(m == null ? Map.of() : m));
    }

}
