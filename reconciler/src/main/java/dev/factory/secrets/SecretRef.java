package dev.factory.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A reference to a secret inside a config value: {@code ${env:NAME}} or {@code ${secret:FILE#KEY}}. */
public record SecretRef(String text, Kind kind, String name, String key) {

    public enum Kind { ENV, SECRET }

    static final Pattern PATTERN = Pattern.compile("\\$\\{(env|secret):([^}]*)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern FILE_KEY = Pattern.compile("([A-Za-z0-9._-]+)#([A-Za-z_][A-Za-z0-9_]*)");

    /** True when {@code value} holds a reference, well-formed or not. */
    public static boolean isReference(String value) {
        return PATTERN.matcher(value).find();
    }

    /** {@code value} with every reference taken out: what is left must not look like a credential. */
    public static String withoutReferences(String value) {
        return PATTERN.matcher(value).replaceAll("");
    }

    /** Every reference in {@code value}; malformed ones throw with what to write instead. */
    public static List<SecretRef> findIn(String value) {
        var out = new ArrayList<SecretRef>();
        Matcher m = PATTERN.matcher(value);
        while (m.find()) out.add(parse(m.group(), m.group(1), m.group(2)));
        return out;
    }

    private static SecretRef parse(String text, String scheme, String body) {
        if (scheme.equals("env")) {
            if (!ENV_NAME.matcher(body).matches()) {
                throw new IllegalArgumentException(text + " is malformed: write ${env:NAME} with a variable name");
            }
            return new SecretRef(text, Kind.ENV, body, null);
        }
        Matcher fk = FILE_KEY.matcher(body);
        if (!fk.matches() || fk.group(1).equals(".") || fk.group(1).equals("..")) {
            throw new IllegalArgumentException(text + " is malformed: write ${secret:FILE#KEY}, FILE an env file in host.secretsDir");
        }
        return new SecretRef(text, Kind.SECRET, fk.group(1), fk.group(2));
    }
}
