package dev.factory.kinds.mcp;

import dev.factory.secrets.SecretRef;
import java.util.List;

/**
 * How secret references appear in rendered files: as the name of the environment variable that
 * carries the secret inside the container ({@code ${env:NAME}} is NAME, {@code ${secret:FILE#KEY}}
 * is KEY, loaded from the mounted env file). Never as a value.
 */
final class References {
    private References() {}

    static String variable(SecretRef ref) {
        return ref.kind() == SecretRef.Kind.ENV ? ref.name() : ref.key();
    }

    /** {@code Bearer ${secret:s.env#TOKEN}} becomes {@code Bearer ${TOKEN}}, for clients that expand ${VAR}. */
    static String dollarBraces(String value) {
        String out = value;
        for (SecretRef ref : SecretRef.findIn(value)) out = out.replace(ref.text(), "${" + variable(ref) + "}");
        return out;
    }

    /** The variable when the whole value is exactly one reference; null otherwise. */
    static String soleVariable(String value) {
        List<SecretRef> refs = SecretRef.findIn(value);
        return refs.size() == 1 && refs.get(0).text().equals(value) ? variable(refs.get(0)) : null;
    }

    static boolean hasReference(String value) {
        return !SecretRef.findIn(value).isEmpty();
    }
}
