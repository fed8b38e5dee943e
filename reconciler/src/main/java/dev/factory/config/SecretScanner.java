package dev.factory.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises values that look like credentials, so they are refused where they would be baked or
 * printed. It names the kind of secret it saw, never the value.
 */
public final class SecretScanner {
    private static final List<Rule> RULES = List.of(
            new Rule("a GitHub token (ghp_/gho_/ghs_/...)", "(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{16,}"),
            new Rule("a GitHub fine-grained token (github_pat_)", "github_pat_[A-Za-z0-9_]{20,}"),
            new Rule("an API key (sk-)", "(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{16,}"),
            new Rule("a Slack token (xox)", "(?<![A-Za-z0-9])xox[abprse]-[A-Za-z0-9-]{10,}"),
            new Rule("an AWS access key id", "(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])"),
            new Rule("a private key", "-----BEGIN [A-Z ]*PRIVATE KEY-----"));
    private static final Pattern TOKEN_SPLIT = Pattern.compile("[\\s=:,;\"'@/]+");

    private SecretScanner() {}

    private record Rule(String kind, Pattern pattern) {
        Rule(String kind, String regex) {
            this(kind, Pattern.compile(regex));
        }
    }

    /** True when the value refers to a secret ({@code ${env:NAME}} or {@code ${secret:FILE#KEY}}). */
    public static boolean isSecretReference(String value) {
        return dev.factory.secrets.SecretRef.isReference(value);
    }

    /**
     * A Subresource Integrity digest, as the npm registry publishes one ({@code dist.integrity}): the
     * algorithm, then exactly that digest's length of base64. Public, so never a secret.
     */
    private static final Pattern INTEGRITY = Pattern.compile("^(sha256-[A-Za-z0-9+/]{43}=|sha384-[A-Za-z0-9+/]{64}|sha512-[A-Za-z0-9+/]{86}==)$");

    /** What kind of secret the value looks like, if any. */
    public static Optional<String> looksLikeSecret(String value) {
        if (INTEGRITY.matcher(value).matches()) return Optional.empty();
        for (Rule rule : RULES) {
            if (rule.pattern.matcher(value).find()) return Optional.of(rule.kind);
        }
        for (String token : TOKEN_SPLIT.split(value)) {
            if (isHighEntropy(token)) return Optional.of("a long high-entropy string");
        }
        return Optional.empty();
    }

    /**
     * Long, mixed letters and digits, and more than ~4.3 bits per character: random base64/base62
     * keys pass, hex digests (at most 4 bits per character), words, versions and paths do not.
     */
    static boolean isHighEntropy(String token) {
        if (token.length() < 24) return false;
        boolean letters = token.chars().anyMatch(Character::isLetter);
        boolean digits = token.chars().anyMatch(Character::isDigit);
        return letters && digits && entropy(token) >= 4.3;
    }

    static double entropy(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (char c : s.toCharArray()) {
            if (c < 128) counts[c]++;
            else other++;
        }
        double h = 0;
        for (int c : counts) h += term(c, s.length());
        return h + term(other, s.length());
    }

    private static double term(int count, int length) {
        if (count == 0) return 0;
        double p = (double) count / length;
        return -p * (Math.log(p) / Math.log(2));
    }
}
