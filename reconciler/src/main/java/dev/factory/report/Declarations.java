package dev.factory.report;

import dev.factory.config.Declared;
import dev.factory.config.SourceLocation;
import dev.factory.plan.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which declarations an object of the plan comes from, so the drift report can ask git which
 * commit last changed them: {@code image/x} is {@code images.x}; {@code container/web-2} is
 * {@code services.web} and its profile; {@code file/agent/mcp.json} is {@code profiles.agent};
 * any other kind is the declaration of its name under the kind's plural key, else under any key.
 */
public final class Declarations {
    /** Address kinds whose declarations live under another key than the kind's plural. */
    private static final Map<String, String> KEYS = Map.of("container", "services", "file", "profiles");

    private Declarations() {}

    /** Every declaration {@code address} is made from, most specific first; empty when none is found. */
    public static List<Declared> of(Address address, Map<String, List<Declared>> declared) {
        String key = KEYS.getOrDefault(address.kind(), address.kind() + "s");
        String name = address.name();
        var found = new ArrayList<Declared>();
        if (address.kind().equals("container")) {
            String service = name.replaceFirst("-\\d+$", "");
            named(declared.get(key), service).forEach(d -> {
                found.add(d);
                String profile = d.text("profile");
                if (profile != null) found.addAll(named(declared.get("profiles"), profile));
            });
        } else if (address.kind().equals("file")) {
            int slash = name.indexOf('/');
            if (slash > 0) found.addAll(named(declared.get(key), name.substring(0, slash)));
            found.addAll(named(declared.get("files"), name));
        } else {
            found.addAll(named(declared.get(key), name));
        }
        if (found.isEmpty()) declared.values().forEach(list -> found.addAll(named(list, name)));
        return found;
    }

    private static List<Declared> named(List<Declared> list, String name) {
        return list == null ? List.of() : list.stream().filter(d -> d.name().equals(name)).toList();
    }

    /**
     * The lines a YAML block declared at {@code at} spans: its key line and every following line
     * indented deeper than the key (blank and comment lines inside included), 1-based and inclusive.
     */
    public static int[] block(List<String> lines, SourceLocation at) {
        int start = at.line();
        int indent = at.column() - 1;
        int end = start;
        for (int i = start; i < lines.size(); i++) {   // lines.get(i) is line i + 1
            String line = lines.get(i);
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) continue;
            int lead = line.length() - line.stripLeading().length();
            if (lead <= indent) break;
            end = i + 1;
        }
        return new int[] {start, end};
    }
}
