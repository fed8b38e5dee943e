package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretScannerTest {
    @Test
    void recognisesTokenShapes() {
        assertTrue(SecretScanner.looksLikeSecret("ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8").isPresent());
        assertTrue(SecretScanner.looksLikeSecret("token=github_pat_11ABCDEFG0123456789_abcdefghij").isPresent());
        assertTrue(SecretScanner.looksLikeSecret("sk-proj-abcdefghijklmnop1234").isPresent());
        assertTrue(SecretScanner.looksLikeSecret("xoxb-1234567890-abcdefghij").isPresent());
        assertTrue(SecretScanner.looksLikeSecret("AKIAABCDEFGHIJKLMNOP").isPresent());
        assertEquals(Optional.of("a long high-entropy string"), SecretScanner.looksLikeSecret("aB3xQ9zL2mN8vR5tY7wE1uI4oP6sD0fGhJ"));
    }

    @Test
    void leavesOrdinaryValuesAlone() {
        for (String ok : new String[] {"22", "10.11.0", "ubuntu:24.04", "https://github.com/ainative-academy/aina-platform.git",
                "sha256:4a1716a01be2180530f95c4ebcf3930ff12e469963c663ead36c860e9bb5023c", "/srv/repos/aina-platform",
                "sk-learn", "task-runner", "--no-install-recommends python3-venv"}) {
            assertEquals(Optional.empty(), SecretScanner.looksLikeSecret(ok), ok);
        }
    }

    @Test
    void anNpmIntegrityIsADigestButOnlyInItsExactShape() {
        String sha512 = "sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==";
        assertEquals(Optional.empty(), SecretScanner.looksLikeSecret(sha512));
        assertEquals(Optional.empty(), SecretScanner.looksLikeSecret("sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
        // a token dressed up with the prefix, or one character off, is still looked at
        assertTrue(SecretScanner.looksLikeSecret("sha512-aB3xQ9zL2mN8vR5tY7wE1uI4oP6sD0fGhJ").isPresent());
        assertTrue(SecretScanner.looksLikeSecret(sha512.substring(0, sha512.length() - 3) + "==").isPresent());
        assertTrue(SecretScanner.looksLikeSecret(sha512 + " ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8").isPresent());
    }

    @Test
    void recognisesReferences() {
        assertTrue(SecretScanner.isSecretReference("${env:GH_TOKEN}"));
        assertTrue(SecretScanner.isSecretReference("Bearer ${secret:sentry.env#TOKEN}"));
        assertFalse(SecretScanner.isSecretReference("${HOME}/x"));
    }
}
