package dev.factory.kinds.file;

/** A rendered file in a plan: where it is, its content's SHA-256, its mode, and for an update the diff. */
record FilePayload(String path, String hash, String mode, String diff) {
    static FilePayload at(String path) {
        return new FilePayload(path, null, null, null);
    }
}
