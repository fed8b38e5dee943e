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

    @Override
    public int compareTo(Address o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
