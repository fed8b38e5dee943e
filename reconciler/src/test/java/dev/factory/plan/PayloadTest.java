package dev.factory.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Payload's direct conversion must give exactly Jackson's map, for every payload record the build has. */
class PayloadTest {
    /** Every record class of the build whose name says it is a payload (nested ones included), Payload's own aside. */
    static List<Class<? extends Record>> payloadRecords() throws IOException {
        return records(name -> name.contains("Payload"));
    }

    /** Every record class of the build whose class file name passes {@code take}, Payload's own aside. */
    static List<Class<? extends Record>> records(java.util.function.Predicate<String> take) throws IOException {
        Path classes = Path.of(Payload.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        var out = new ArrayList<Class<? extends Record>>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> take.test(p.getFileName().toString()) && p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> c = Class.forName(name, false, PayloadTest.class.getClassLoader());
                    if (c.isRecord() && !name.startsWith(Payload.class.getName())) out.add(c.asSubclass(Record.class));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    @Test
    void everyPayloadRecordConvertsDirectlyToJacksonsMap() throws Exception {
        var records = payloadRecords();
        assertTrue(records.size() >= 12, "payload records found: " + records);
        for (var type : records) {
            assertTrue(Payload.convertsDirectly(type), type + " falls back to Jackson");
            for (Record r : List.of(sample(type, true, 5L), sample(type, true, 12_345_678_901L), sample(type, false, 0L))) {
                var direct = Payload.directly(r);
                var jackson = Payload.viaJackson(r);
                assertEquals(jackson, direct, type.getName());
                assertEquals(types(jackson), types(direct), type.getName() + ": value types");
                assertEquals(jackson, Payload.of(r), type.getName());
            }
        }
    }

    /**
     * Any record of the build may be a change's payload (Sweep is one): each that converts directly
     * and can be sampled gives Jackson's map.
     */
    @Test
    void everyRecordOfTheBuildThatConvertsDirectlyGivesJacksonsMap() throws Exception {
        int compared = 0;
        for (var type : records(name -> true)) {
            if (!Payload.convertsDirectly(type)) continue;
            Record r;
            try {
                r = sample(type, true, 12_345_678_901L);
            } catch (IllegalStateException | ReflectiveOperationException e) {
                continue;   // a component this test has no sample for (it then goes through Jackson at run time)
            }
            assertEquals(Payload.viaJackson(r), Payload.directly(r), type.getName());
            assertEquals(types(Payload.viaJackson(r)), types(Payload.directly(r)), type.getName() + ": value types");
            compared++;
        }
        assertTrue(compared >= 50, "records compared: " + compared);
    }

    record WithGetter(String name) {
        public String getShout() {
            return name.toUpperCase();
        }
    }

    record WithSet(java.util.Set<String> tags) {}

    record Nested(String id, WithList inner) {}

    record WithList(List<Object> values, Map<String, Object> meta) {}

    enum Colour { RED }

    record WithEnum(Colour colour, Double ratio) {}

    @Test
    void aRecordJacksonSeesMoreOfGoesThroughJackson() {
        assertFalse(Payload.convertsDirectly(WithGetter.class));
        assertEquals(Map.of("name", "a", "shout", "A"), Payload.of(new WithGetter("a")));
        assertFalse(Payload.convertsDirectly(WithSet.class));
        assertEquals(Map.of("tags", List.of("x")), Payload.of(new WithSet(java.util.Set.of("x"))));
    }

    @Test
    void nestedRecordsListsMapsAndEnumsConvertAsJacksonDoes() {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("n", 3);
        meta.put("gone", null);
        var values = new ArrayList<Object>(java.util.Arrays.asList("a", null, 7L, true));
        var r = new Nested("x", new WithList(values, meta));
        assertTrue(Payload.convertsDirectly(Nested.class));
        assertEquals(Payload.viaJackson(r), Payload.directly(r));
        assertEquals(Payload.viaJackson(r), Payload.of(r));
        assertEquals(Payload.viaJackson(new Nested("x", null)), Payload.directly(new Nested("x", null)));
        assertEquals(Payload.viaJackson(new WithEnum(Colour.RED, 0.5)), Payload.directly(new WithEnum(Colour.RED, 0.5)));
        assertEquals(Map.of("colour", "RED", "ratio", 0.5), Payload.directly(new WithEnum(Colour.RED, 0.5)));
    }

    @Test
    void aValueOfAnUnknownTypeInsideAListFallsBackToJackson() {
        var r = new WithList(List.of(java.util.UUID.fromString("00000000-0000-0000-0000-000000000002")), Map.of());
        assertEquals(Payload.viaJackson(r), Payload.of(r));
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> Payload.directly(r));
        var nonStringKey = new WithList(List.of(), Map.of("k", Map.of(1, "one")));
        assertEquals(Payload.viaJackson(nonStringKey), Payload.of(nonStringKey));
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> Payload.directly(nonStringKey));
        var key = new WithList(List.of(), Map.of("k", new java.util.TreeSet<>(List.of("b", "a"))));
        assertEquals(Payload.viaJackson(key), Payload.of(key));
    }

    record WithPath(java.nio.file.Path p) {}

    record WithIs(String a) {
        public boolean isEmpty() {
            return a.isEmpty();
        }
    }

    record WithHelpers(String a, int n, double d, boolean b) {
        static String getDefault() {
            return "x";
        }

        String getWith(String suffix) {
            return a + suffix;
        }
    }

    @Deprecated
    record Annotated(String a) {}

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)
    @interface Renamed {}

    record AnnotatedComponent(@Renamed String a) {}

    record Marked(String a) {
        @Override
        @Deprecated
        public String toString() {
            return a;
        }
    }

    @Test
    void whatJacksonWouldReadDifferentlyIsLeftToIt() {
        assertFalse(Payload.convertsDirectly(WithPath.class), "a component of another type");
        assertFalse(Payload.convertsDirectly(WithIs.class), "an is-getter");
        assertFalse(Payload.convertsDirectly(Annotated.class), "an annotated record");
        assertFalse(Payload.convertsDirectly(AnnotatedComponent.class), "an annotated component");
        assertFalse(Payload.convertsDirectly(Marked.class), "an annotated method");
        assertTrue(Payload.convertsDirectly(WithHelpers.class), "static getters and getters with parameters are no properties");
        var h = new WithHelpers("a", 2, 0.5, true);
        assertEquals(Payload.viaJackson(h), Payload.directly(h));
        assertEquals(Map.of("a", "a", "n", 2, "d", 0.5, "b", true), Payload.directly(h));
        assertEquals(Payload.viaJackson(new WithIs("")), Payload.of(new WithIs("")));
    }

    @Test
    void nullStaysNull() {
        assertEquals(null, Payload.of(null));
    }

    /** The classes of the map's values, as deep as they go: Long and Integer must not trade places. */
    private static Object types(Object v) {
        if (v instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<Object, Object>();
            m.forEach((k, x) -> out.put(k, types(x)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(PayloadTest::types).toList();
        return v == null ? "null" : v.getClass().getName();
    }

    /** A record of {@code type} with every component set ({@code full}) or every one null (primitives zero). */
    static Record sample(Class<? extends Record> type, boolean full, long number) throws Exception {
        RecordComponent[] rc = type.getRecordComponents();
        Class<?>[] types = new Class<?>[rc.length];
        Object[] args = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
            args[i] = full ? value(rc[i].getGenericType(), rc[i].getName(), number) : zero(rc[i].getType());
        }
        Constructor<? extends Record> c = type.getDeclaredConstructor(types);
        c.setAccessible(true);
        return c.newInstance(args);
    }

    private static Object zero(Class<?> t) {
        if (t == long.class) return 0L;
        if (t == int.class) return 0;
        if (t == boolean.class) return false;
        if (t == double.class) return 0.0;
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(Type type, String name, long number) throws Exception {
        if (!(type instanceof Class<?>) && !(type instanceof ParameterizedType)) throw new IllegalStateException(type + ": no sample for a wildcard or type variable");
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) return "v-" + name;
        if (raw == Boolean.class || raw == boolean.class) return true;
        if (raw == Integer.class || raw == int.class) return (int) (number % 1000) + 1;
        if (raw == Long.class || raw == long.class) return number;
        if (raw == Double.class || raw == double.class) return 1.5;
        if (raw.isEnum()) return raw.getEnumConstants()[0];
        if (raw.isRecord()) return sample((Class<? extends Record>) raw, true, number);
        Type[] args = type instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[] {String.class, String.class};
        if (raw == List.class) {
            var out = new ArrayList<Object>();
            out.add(value(args[0], name + "0", number));
            out.add(value(args[0], name + "1", number));
            return out;
        }
        if (raw == Map.class) {
            var out = new LinkedHashMap();
            out.put("b-" + name, value(args[1], name, number));
            out.put("a-" + name, null);
            return out;
        }
        throw new IllegalStateException(type + " has no sample value: teach PayloadTest (and Payload) this type");
    }
}
