package dev.factory.plan;

/** What apply will do to one object. Closed: no-op and unknown are reported, never left out. */
public enum Action {
    CREATE("create", "+"),
    UPDATE("update", "~"),
    REPLACE("replace", "-/+"),
    DELETE("delete", "-"),
    NO_OP("no-op", " "),
    /** Could not be observed (engine unreachable, a collision): never applied, never treated as absent. */
    UNKNOWN("unknown", "?");

    private final String word;
    private final String symbol;

    Action(String word, String symbol) {
        this.word = word;
        this.symbol = symbol;
    }

    public String word() {
        return word;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether apply has work to do for this action. */
    public boolean mutates() {
        return this == CREATE || this == UPDATE || this == REPLACE || this == DELETE;
    }

    public static Action fromWord(String word) {
        for (Action a : values()) {
            if (a.word.equals(word)) return a;
        }
        throw new IllegalArgumentException("unknown action '" + word + "'");
    }
}
