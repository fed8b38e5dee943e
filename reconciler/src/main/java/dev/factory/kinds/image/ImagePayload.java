package dev.factory.kinds.image;

import java.util.List;

/**
 * An image in a plan. Before: the live {@code id} and content {@code hash} (a delete: every
 * {@code ids} and {@code tags} it removes). After: the build's {@code inputs} digest, what it is
 * built {@code from}, and the content {@code hash} it will carry (known after apply when its
 * parent is rebuilt in the same plan).
 */
record ImagePayload(String id, String hash, String inputs, String from, String ids, List<String> tags) {
    static ImagePayload live(String id, String hash) {
        return new ImagePayload(id, hash, null, null, null, null);
    }

    static ImagePayload wanted(String inputs, String from, String hash) {
        return new ImagePayload(null, hash, inputs, from, null, null);
    }

    static ImagePayload removed(String ids, List<String> tags) {
        return new ImagePayload(null, null, null, null, ids, tags);
    }
}
