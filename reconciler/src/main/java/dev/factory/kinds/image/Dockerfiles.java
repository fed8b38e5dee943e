package dev.factory.kinds.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Just enough Dockerfile parsing to check that a build starts from the {@code BASE_IMAGE} factory passes. */
final class Dockerfiles {
    private Dockerfiles() {}

    record Instruction(int line, String keyword, String args) {}

    /** Instructions with comments dropped and backslash continuations joined; line = where each starts. */
    static List<Instruction> instructions(String text) {
        var out = new ArrayList<Instruction>();
        String[] lines = text.split("\r?\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (current == null && (line.isEmpty() || line.startsWith("#"))) continue;
            if (current != null && line.startsWith("#")) continue;
            boolean continues = line.endsWith("\\");
            if (continues) line = line.substring(0, line.length() - 1);
            if (current == null) {
                current = new StringBuilder(line);
                start = i + 1;
            } else {
                current.append(' ').append(line);
            }
            if (!continues) {
                out.add(split(start, current.toString()));
                current = null;
            }
        }
        if (current != null) out.add(split(start, current.toString()));
        return out;
    }

    private static Instruction split(int line, String text) {
        String[] parts = text.strip().split("\\s+", 2);
        return new Instruction(line, parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
    }

    /**
     * Null when the Dockerfile declares {@code ARG BASE_IMAGE} before its first FROM and some FROM
     * builds on it; otherwise the instruction to point the user at (the first FROM, or null line 1).
     */
    static Instruction baseImageProblem(String text) {
        boolean argDeclared = false;
        Instruction firstFrom = null;
        for (Instruction in : instructions(text)) {
            if (in.keyword.equals("ARG") && firstFrom == null && in.args.matches("BASE_IMAGE(=.*)?")) argDeclared = true;
            if (in.keyword.equals("FROM")) {
                if (firstFrom == null) firstFrom = in;
                String image = fromImage(in.args);
                if (argDeclared && (image.equals("${BASE_IMAGE}") || image.equals("$BASE_IMAGE"))) return null;
            }
        }
        return firstFrom != null ? firstFrom : new Instruction(1, "FROM", "");
    }

    private static String fromImage(String args) {
        for (String token : args.split("\\s+")) {
            if (!token.startsWith("--")) return token;
        }
        return "";
    }
}
