package dev.factory.kinds.repo;

/** A clone in a plan. After: the declared {@code url}, {@code path} and {@code branch}. Before: its {@code origin}, {@code branch} and {@code head}. */
record RepoPayload(String url, String path, String origin, String branch, String head) {
    static RepoPayload wanted(RepoSpec spec) {
        return new RepoPayload(spec.url(), spec.path().toString(), null, spec.branch(), null);
    }

    static RepoPayload live(String origin, String branch, String head) {
        return new RepoPayload(null, null, origin, branch, head);
    }
}
