package dev.factory.kinds.runner;

import java.util.List;

/**
 * A runner slot in a plan. Before: the registration ({@code id}, {@code status}, {@code busy},
 * {@code labels}), or only the {@code scope} to delete it from. After: the {@code scope},
 * {@code labels} and {@code mode} wanted.
 */
record RunnerPayload(Long id, String status, Boolean busy, List<String> labels, String scope, String mode) {
    static RunnerPayload registered(RunnerRegistry.Registered r) {
        return new RunnerPayload(r.id(), r.status(), r.busy(), r.labels(), null, null);
    }

    static RunnerPayload in(RunnerRegistry.Scope scope) {
        return new RunnerPayload(null, null, null, null, scope.toString(), null);
    }

    static RunnerPayload wanted(RunnerSpec spec) {
        return new RunnerPayload(null, null, null, spec.labels(), spec.scope().toString(), spec.mode().name().toLowerCase(java.util.Locale.ROOT));
    }
}
