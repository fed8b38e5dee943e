package dev.factory.kinds.container;

/**
 * A container in a plan. Before: the live {@code id}, {@code state} and configuration {@code hash}.
 * After: the {@code image} as declared, the configuration {@code hash} it will carry, and the
 * per-field digests ({@code fields}) that name what changed on the next replace.
 */
record ContainerPayload(String id, String state, String hash, String image, String fields) {
    static ContainerPayload live(String id, String state, String hash) {
        return new ContainerPayload(id, state, hash, null, null);
    }

    static ContainerPayload wanted(String image, String hash, String fields) {
        return new ContainerPayload(null, null, hash, image, fields);
    }
}
