package dev.factory.kinds.container;

import dev.factory.engine.port.ContainerEngine;

import dev.factory.secrets.SecretStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a container spec into an engine request, resolving secrets at this moment and no earlier. */
public final class ContainerRequests {
    private ContainerRequests() {}

    public static ContainerEngine.CreateRequest build(ContainerSpec spec, String imageId, Map<String, String> labels,
                                                      boolean autoRemove, SecretStore secrets) throws IOException {
        return build(spec, imageId, labels, autoRemove, false, secrets);
    }

    public static ContainerEngine.CreateRequest build(ContainerSpec spec, String imageId, Map<String, String> labels,
                                                      boolean autoRemove, boolean interactive, SecretStore secrets) throws IOException {
        return build(spec, imageId, labels, autoRemove, interactive, secrets, Map.of());
    }

    /** {@code extraEnv} is set as given (e.g. a runner token) after the profile's env: it never reaches a plan or a log. */
    public static ContainerEngine.CreateRequest build(ContainerSpec spec, String imageId, Map<String, String> labels, boolean autoRemove,
                                                      boolean interactive, SecretStore secrets, Map<String, String> extraEnv) throws IOException {
        ProfileSpec p = spec.profile();
        var env = new LinkedHashMap<String, String>();
        for (Path file : p.envFiles()) {
            try {
                env.putAll(SecretStore.readEnvFile(file));
            } catch (IOException e) {
                throw new IOException(spec.address() + ": cannot read env file " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        for (var e : p.env().entrySet()) {
            try {
                env.put(e.getKey(), secrets.resolve(e.getValue()));
            } catch (IOException ex) {
                throw new IOException(spec.address() + ": env " + e.getKey() + ": " + ex.getMessage());
            }
        }
        env.putAll(extraEnv);
        var list = new ArrayList<String>();
        env.forEach((k, v) -> list.add(k + "=" + v));
        return new ContainerEngine.CreateRequest(spec.name(), imageId, spec.command(), list, p.user(), p.workdir(), labels,
                p.network(), p.mounts(), p.cpus(), p.memoryBytes(), p.pids(), p.capDrop(), p.capAdd(), p.securityOpt(),
                p.readOnlyRootfs(), p.extraHosts(), spec.restart() == null ? "no" : spec.restart(), autoRemove, interactive);
    }
}
