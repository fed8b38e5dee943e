package dev.factory.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Reads secrets: environment variables of the factory process and keys of env files in the
 * secrets directory. {@link #problems} checks references without returning any value;
 * {@link #resolve} is called only when a container is created. No value is ever logged here.
 */
public final class SecretStore {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path secretsDir;
    private final Map<String, String> environment;

    public SecretStore(Path secretsDir, Map<String, String> environment) {
        this.secretsDir = secretsDir;
        this.environment = environment;
    }

    public static SecretStore system(Path secretsDir) {
        return new SecretStore(secretsDir, System.getenv());
    }

    public Path secretsDir() {
        return secretsDir;
    }

    /** What stops {@code value}'s references from resolving: a missing variable, file or key. Never a value. */
    public List<String> problems(String value) {
        var out = new ArrayList<String>();
        for (SecretRef ref : SecretRef.findIn(value)) {
            if (ref.kind() == SecretRef.Kind.ENV) {
                if (!environment.containsKey(ref.name())) out.add(ref.text() + ": environment variable " + ref.name() + " is not set");
                continue;
            }
            if (secretsDir == null) {
                out.add(ref.text() + ": host.secretsDir is not set");
                continue;
            }
            Path file = secretsDir.resolve(ref.name());
            if (!Files.isRegularFile(file)) {
                out.add(ref.text() + ": secret file " + file + " does not exist");
            } else {
                try {
                    if (!readEnvFile(file).containsKey(ref.key())) out.add(ref.text() + ": " + file + " has no key " + ref.key());
                } catch (IOException e) {
                    out.add(ref.text() + ": cannot read " + file + " (" + e.getMessage() + ")");
                }
            }
        }
        return out;
    }

    /** A warning when a secret file can be read or written by group or others. */
    public static Optional<String> looseMode(Path file) {
        try {
            var perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : perms) {
                if (GROUP_OR_OTHER.contains(p)) {
                    return Optional.of("secret file " + file + " is readable or writable beyond its owner; chmod 600 it");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system or not readable: the existence check reports the latter
        }
        return Optional.empty();
    }

    /** The files {@code value} references, for mode checks. */
    public List<Path> filesIn(String value) {
        var out = new ArrayList<Path>();
        if (secretsDir == null) return out;
        for (SecretRef ref : SecretRef.findIn(value)) {
            if (ref.kind() == SecretRef.Kind.SECRET) out.add(secretsDir.resolve(ref.name()));
        }
        return out;
    }

    /** {@code value} with every reference replaced by its secret. Throws naming the reference, never the value. */
    public String resolve(String value) throws IOException {
        Matcher m = SecretRef.PATTERN.matcher(value);
        var sb = new StringBuilder();
        for (SecretRef ref : SecretRef.findIn(value)) {
            m.find();
            String secret;
            if (ref.kind() == SecretRef.Kind.ENV) {
                secret = environment.get(ref.name());
                if (secret == null) throw new IOException(ref.text() + ": environment variable " + ref.name() + " is not set");
            } else {
                if (secretsDir == null) throw new IOException(ref.text() + ": host.secretsDir is not set");
                secret = readEnvFile(secretsDir.resolve(ref.name())).get(ref.key());
                if (secret == null) throw new IOException(ref.text() + ": no key " + ref.key() + " in " + secretsDir.resolve(ref.name()));
            }
            Masker.register(secret);
            m.appendReplacement(sb, Matcher.quoteReplacement(secret));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** KEY=VALUE lines; {@code #} comments, blank lines and a leading {@code export} are allowed; quotes are stripped. */
    public static Map<String, String> readEnvFile(Path file) throws IOException {
        var out = new LinkedHashMap<String, String>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(key, value);
            Masker.register(value);   // every value of a secrets file is a secret, used or not
        }
        return out;
    }
}
