package dev.factory.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change's {@code before} or {@code after} as a kind writes and reads it: a record of its own,
 * carried in the plan as a JSON-able map (null fields left out). A kind's planner builds its
 * records; its executor reads them back with {@link #read}, never with casts from a map.
 *
 * <p>A record made of strings, numbers, booleans, enums, lists, string-keyed maps and records of
 * the same becomes its map by reading its components directly: what Jackson's conversion gives
 * (PayloadTest holds every payload record of the build to that), at a fraction of the cost, which
 * matters at thousands of changes a plan. Any other record goes through Jackson.
 */
public final class Payload {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final Set<Class<?>> PLAIN = Set.of(String.class, Boolean.class, boolean.class, Integer.class, int.class, Long.class,
            long.class, Double.class, double.class);

    /** A record class's component names and accessors, in declaration order; null when Jackson must convert it. */
    private record Components(String[] names, MethodHandle[] accessors) {}

    private static final ClassValue<Components> COMPONENTS = new ClassValue<>() {
        @Override
        protected Components computeValue(Class<?> type) {
            return components(type);
        }
    };

    private Payload() {}

    /** The record as the plan carries it; null stays null. */
    public static Map<String, Object> of(Record payload) {
        if (payload == null) return null;
        try {
            Map<String, Object> direct = direct(payload);
            if (direct != null) return direct;
        } catch (Unsupported e) {
            // a value of a type the direct path does not know (inside a list or map): Jackson's
        }
        return viaJackson(payload);
    }

    /** Jackson's conversion, always: {@link #of}'s fallback, and what its direct path must equal. */
    static Map<String, Object> viaJackson(Record payload) {
        return payload == null ? null : JSON.convertValue(payload, MAP);
    }

    /** Whether {@code type}'s records become maps without Jackson, decided afresh (for tests). */
    static boolean convertsDirectly(Class<? extends Record> type) {
        return components(type) != null;
    }

    /** The direct conversion alone (for tests): what {@link #of} returns unless it had to ask Jackson. */
    static Map<String, Object> directly(Record payload) {
        Map<String, Object> out = direct(payload);
        if (out == null) throw new IllegalArgumentException(payload.getClass() + " needs Jackson");
        return out;
    }

    /** A plan's map read back as the kind's record; null stays null. Fields the record does not have are ignored. */
    public static <R extends Record> R read(Map<String, Object> map, Class<R> type) {
        return map == null ? null : JSON.convertValue(map, type);
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static LinkedHashMap<String, Object> direct(Record r) {
        Components c = COMPONENTS.get(r.getClass());
        if (c == null) return null;
        var out = new LinkedHashMap<String, Object>();
        for (int i = 0; i < c.names().length; i++) {
            Object v;
            try {
                v = c.accessors()[i].invoke(r);
            } catch (Throwable t) {
                throw new Unsupported();
            }
            if (v != null) out.put(c.names()[i], value(v));
        }
        return out;
    }

    /** A component's value as Jackson converts it into an untyped map (a null inside a list or map stays). */
    private static Object value(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Double) return v;
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof Record r) {
            var m = direct(r);
            if (m == null) throw new Unsupported();
            return m;
        }
        if (v instanceof List<?> list) {
            var out = new ArrayList<Object>(list.size());
            for (Object e : list) out.add(value(e));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<String, Object>();
            for (var e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) throw new Unsupported();
                if (e.getValue() != null) out.put(key, value(e.getValue()));   // NON_NULL leaves out a map's null values too
            }
            return out;
        }
        throw new Unsupported();
    }

    /**
     * The components of {@code type} when every one is of a type the direct path converts and
     * Jackson would see no other property (no annotation, no getter besides the accessors); else null.
     */
    private static Components components(Class<?> type) {
        RecordComponent[] rc = type.getRecordComponents();
        if (rc == null || type.getAnnotations().length > 0) return null;
        var names = new String[rc.length];
        var accessors = new MethodHandle[rc.length];
        var accessorNames = new java.util.HashSet<String>();
        try {
            for (int i = 0; i < rc.length; i++) {
                Class<?> t = rc[i].getType();
                boolean known = PLAIN.contains(t) || t.isEnum() || t.isRecord() || t == List.class || t == Map.class;
                if (!known || rc[i].getAnnotations().length > 0 || rc[i].getAccessor().getAnnotations().length > 0) return null;
                names[i] = rc[i].getName();
                Method accessor = rc[i].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = MethodHandles.lookup().unreflect(accessor);
                accessorNames.add(accessor.getName());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0 || accessorNames.contains(m.getName())) continue;
            if (m.getName().startsWith("get") || m.getName().startsWith("is") || m.getAnnotations().length > 0) return null;
        }
        return new Components(names, accessors);
    }
}
