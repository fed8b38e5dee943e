package dev.factory.kinds.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields of a container that force a recreate, each digested on its own, so a replace can
 * name what changed (compose's config-hash lesson: nothing else triggers a recreate). Env is
 * digested as written: secret references, never resolved values.
 */
@dev.factory.engine.KindApi
public final class ContainerFields {
    public static final String LABEL = "dev.factory.fields";

    private ContainerFields() {}

    public static Map<String, String> digests(ContainerSpec spec, String imageId) {
        return digests(spec, imageId, ContainerFields::profileDigests);
    }

    /**
     * As above, with the digests of the fields a container takes from its profile from {@code
     * profileFields}: a planner digests each profile once, however many services use it.
     */
    public static Map<String, String> digests(ContainerSpec spec, String imageId, java.util.function.Function<ProfileSpec, Map<String, String>> profileFields) {
        return digests(spec, imageId, profileFields, ContainerFields::digest);
    }

    private static Map<String, String> digests(ContainerSpec spec, String imageId, java.util.function.Function<ProfileSpec, Map<String, String>> profileFields,
                                               java.util.function.UnaryOperator<String> digest) {
        var fields = new TreeMap<>(profileFields.apply(spec.profile()));
        fields.put("image", digest.apply(imageId));
        fields.put("command", digest.apply(String.join("\u0000", spec.command())));
        fields.put("restart", digest.apply(String.valueOf(spec.restart())));
        // fields added later are digested only when declared: a container made before them keeps its hash
        if (!spec.ports().isEmpty()) fields.put("ports", digest.apply(sortedForm(spec.ports())));
        if (spec.health() != null) fields.put("healthcheck", digest.apply(spec.health().toString()));
        return fields;
    }

    /**
     * One plan's digests: each distinct value digested once, each distinct set of fields hashed and
     * labelled once (a thousand containers share a few commands and a few hundred images; replicas
     * share everything). What it answers is what the functions above answer.
     */
    static final class Memo {
        private final Map<String, String> digests = new java.util.HashMap<>();
        private final Map<Map<String, String>, String> hashes = new java.util.HashMap<>();
        private final Map<Map<String, String>, String> labels = new java.util.HashMap<>();

        Map<String, String> digests(ContainerSpec spec, String imageId, java.util.function.Function<ProfileSpec, Map<String, String>> profileFields) {
            return ContainerFields.digests(spec, imageId, profileFields, v -> digests.computeIfAbsent(v, ContainerFields::digest));
        }

        String hash(Map<String, String> fields) {
            return hashes.computeIfAbsent(fields, ContainerFields::hash);
        }

        String label(Map<String, String> fields) {
            return labels.computeIfAbsent(fields, ContainerFields::label);
        }
    }

    /** The digests of the fields a container takes from its profile {@code p}. */
    public static Map<String, String> profileDigests(ProfileSpec p) {
        var fields = new TreeMap<String, String>();
        fields.put("env", digest(new TreeMap<>(p.env()) + "|" + p.envFiles()));
        fields.put("user", digest(p.user()));
        fields.put("network", digest(p.network() + "|" + p.extraHosts()));
        fields.put("mounts", digestSorted(p.mounts()));
        fields.put("limits", digest(p.cpus() + "|" + p.memoryBytes() + "|" + p.pids()));
        fields.put("security", digest(p.capDrop() + "|" + p.capAdd() + "|" + p.securityOpt() + "|" + p.readOnlyRootfs()));
        fields.put("workdir", digest(String.valueOf(p.workdir())));
        // fields added later are digested only when declared (see above)
        if (!p.devices().isEmpty()) fields.put("devices", digestSorted(p.devices()));
        if (p.git() != null) fields.put("git", digest(p.git().script(p.name())));
        return java.util.Collections.unmodifiableMap(fields);
    }

    public static String hash(Map<String, String> digests) {
        return dev.factory.runtime.Sha256.hex(new TreeMap<>(digests).toString());
    }

    /** {@code command=1a2b3c4d,env=...}: small enough for a label, safe to show. */
    public static String label(Map<String, String> digests) {
        var parts = new ArrayList<String>();
        new TreeMap<>(digests).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    public static Map<String, String> parseLabel(String label) {
        var out = new LinkedHashMap<String, String>();
        if (label == null || label.isBlank()) return out;
        for (String part : label.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    /** The fields whose digests differ, in name order: one declared on one side only (devices dropped) differs too. */
    public static List<String> changed(Map<String, String> was, Map<String, String> now) {
        var fields = new java.util.TreeSet<>(now.keySet());
        fields.addAll(was.keySet());
        var out = new ArrayList<String>();
        for (String field : fields) {
            if (!java.util.Objects.equals(now.get(field), was.get(field))) out.add(field);
        }
        return out;
    }

    /** A list whose order means nothing (mounts, devices, ports): digested as its sorted string forms. */
    private static String digestSorted(List<?> items) {
        return digest(sortedForm(items));
    }

    private static String sortedForm(List<?> items) {
        return items.stream().map(Object::toString).sorted().toList().toString();
    }

    private static String digest(String value) {
        return dev.factory.runtime.Sha256.hex(value).substring(0, 12);
    }
}
