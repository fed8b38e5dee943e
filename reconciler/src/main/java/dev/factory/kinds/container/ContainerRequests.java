package dev.factory.kinds.container;

import dev.factory.engine.port.ContainerEngine;

import dev.factory.secrets.SecretStore;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.List;
import dev.factory.config.Diagnostic;
import dev.factory.engine.port.MountSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a container spec into an engine request, resolving secrets at this moment and no earlier; and says what on the host stops one. */
@dev.factory.engine.KindApi
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
                p.readOnlyRootfs(), p.extraHosts(), spec.restart() == null ? "no" : spec.restart(), autoRemove, interactive, null, p.devices(), spec.ports(), spec.health());
    }

    /** What on this host stops the container: a missing mount source, device or env file, an unresolvable secret. */
    public static List<String> hostProblems(ContainerSpec spec, SecretStore secrets, java.util.Set<Path> looseReported,
                                             List<Diagnostic> diagnostics) {
        var problems = new ArrayList<String>();
        ProfileSpec p = spec.profile();
        for (MountSpec m : p.mounts()) {
            if (m.type() == MountSpec.Type.BIND && !Files.exists(Path.of(m.source()))) {
                problems.add("mount source " + m.source() + " does not exist");
            }
        }
        for (var d : p.devices()) {
            if (!Files.exists(Path.of(d.path()))) problems.add("device " + d.path() + " does not exist on this host");
        }
        for (String option : p.securityOpt()) {
            dev.factory.engine.port.SecurityOptions.seccompFile(option).filter(f -> !Files.isRegularFile(Path.of(f)))
                    .ifPresent(f -> problems.add("seccomp profile " + f + " does not exist"));
        }
        for (Path f : p.envFiles()) {
            if (!Files.isRegularFile(f)) problems.add("env file " + f + " does not exist");
            else warnIfLoose(f, p, looseReported, diagnostics);
        }
        for (var e : p.env().entrySet()) {
            secrets.problems(e.getValue()).forEach(problem -> problems.add("env " + e.getKey() + ": " + problem));
            for (Path f : secrets.filesIn(e.getValue())) {
                if (Files.isRegularFile(f)) warnIfLoose(f, p, looseReported, diagnostics);
            }
        }
        return problems;
    }

    private static void warnIfLoose(Path file, ProfileSpec p, java.util.Set<Path> reported, List<Diagnostic> diagnostics) {
        if (!reported.add(file)) return;
        SecretStore.looseMode(file).ifPresent(w -> diagnostics.add(Diagnostic.warning(p.at(), "profiles." + p.name(), w)));
    }
}
