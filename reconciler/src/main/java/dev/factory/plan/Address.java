package dev.factory.plan;

/** {@code kind/name}, e.g. {@code image/factory-base}; the name may itself hold slashes. */
public record Address(String kind, String name) implements Comparable<Address> {

    public Address {
        if (kind == null || kind.isEmpty() || kind.contains("/")) throw new IllegalArgumentException("bad kind: " + kind);
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty name for kind " + kind);
    }

    public static Address parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not an address of the form kind/name");
        }
        return new Address(text.substring(0, slash), text.substring(slash + 1));
    }

    public static Address of(String kind, String name) {
        return new Address(kind, name);
    }

    /** As {@code toString().compareTo(o.toString())}, without making either string (a plan sorts thousands). */
    @Override
    public int compareTo(Address o) {
        if (kind.equals(o.kind)) return name.compareTo(o.name);
        int mine = kind.length() + 1 + name.length();
        int theirs = o.kind.length() + 1 + o.name.length();
        for (int i = 0, n = Math.min(mine, theirs); i < n; i++) {
            char a = charAt(i);
            char b = o.charAt(i);
            if (a != b) return a - b;
        }
        return mine - theirs;
    }

    /** The {@code i}th char of {@link #toString()}. */
    private char charAt(int i) {
        return i < kind.length() ? kind.charAt(i) : i == kind.length() ? '/' : name.charAt(i - kind.length() - 1);
    }

    /*
     * equals and hashCode by hand: a record's own are linked through method handles on first use,
     * which a cold plan pays for every record it keys a map with.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && kind.equals(a.kind) && name.equals(a.name);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
