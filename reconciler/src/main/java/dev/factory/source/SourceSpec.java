package dev.factory.source;

import java.nio.file.Path;

/** Where a config comes from: a git repo, a ref in it, a directory inside it, and how to trust it. */
public record SourceSpec(String url, String ref, String path, VerifyMode verify, Path allowedSigners) {
    public static final String DEFAULT_REF = "main";

    public enum VerifyMode { NONE, HEAD }

    public SourceSpec {
        ref = ref == null || ref.isBlank() ? DEFAULT_REF : ref;
        path = path == null ? "" : path;
        verify = verify == null ? VerifyMode.NONE : verify;
    }
}
