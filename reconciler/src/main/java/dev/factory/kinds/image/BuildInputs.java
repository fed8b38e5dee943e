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

    /** How the digests are computed: a record of digests made under another scheme is not reused ({@link RecordedBuild#digestsFor}). */
    public static final String SCHEME = "factory-image-v1";

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
        return digests(base).hash();
    }

    /** Digest of the inputs alone, to notice a context edited between plan and apply. */
    public String inputsDigest() {
        return digests(null).inputs();
    }

    /**
     * @param inputs {@link #inputsDigest()}
     * @param hash {@link #digest(String)} of the base asked for; null when none was
     */
    public record Digests(String inputs, String hash) {}

    /**
     * Both digests from one pass over the inputs: a big context's file list is ~1 MB, and SHA-256
     * costs ~18 ms a MB in the C1-compiled JVM factory runs in (no SHA intrinsic there).
     */
    public Digests digests(String base) {
        MessageDigest inputs = dev.factory.runtime.Sha256.digest();
        inputs.update(canonical().getBytes(StandardCharsets.UTF_8));
        String hash = null;
        if (base != null) {
            MessageDigest withBase;
            try {
                withBase = (MessageDigest) inputs.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 cannot be cloned here", e);
            }
            withBase.update(("base " + base + "\n").getBytes(StandardCharsets.UTF_8));
            hash = HexFormat.of().formatHex(withBase.digest());
        }
        return new Digests(HexFormat.of().formatHex(inputs.digest()), hash);
    }

    private String canonical() {
        var sb = new StringBuilder(SCHEME).append('\n');
        sb.append("dockerfile ").append(dockerfilePath).append(' ').append(dockerfileDigest).append('\n');
        files.forEach((p, d) -> sb.append("file ").append(p).append(' ').append(d).append('\n'));
        args.forEach((k, v) -> sb.append("arg ").append(k).append('=').append(v).append('\n'));
        labels.forEach((k, v) -> sb.append("label ").append(k).append('=').append(v).append('\n'));
        // absent for a default build, so the hashes of images built before build settings existed hold
        build.forEach((k, v) -> sb.append("build ").append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /**
     * Whether {@code other} holds exactly these inputs: {@link #equals} by walking the sorted file
     * lists side by side (a 10,000-file context costs ~10,000 string comparisons, not a lookup each).
     */
    public boolean sameAs(BuildInputs other) {
        if (other == this) return true;
        if (other == null || !dockerfilePath.equals(other.dockerfilePath) || !dockerfileDigest.equals(other.dockerfileDigest)
                || !args.equals(other.args) || !labels.equals(other.labels) || !build.equals(other.build) || files.size() != other.files.size()) {
            return false;
        }
        var mine = files.entrySet().iterator();
        var theirs = other.files.entrySet().iterator();
        while (mine.hasNext()) {
            var a = mine.next();
            var b = theirs.next();
            if (!a.getKey().equals(b.getKey()) || !a.getValue().equals(b.getValue())) return false;
        }
        return true;
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
