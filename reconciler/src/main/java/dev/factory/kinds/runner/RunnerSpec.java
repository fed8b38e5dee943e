package dev.factory.kinds.runner;

import dev.factory.config.Age;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A declared runner: {@code count} slots for one repository or organisation. */
@dev.factory.engine.KindApi
public record RunnerSpec(String name, RunnerRegistry.Scope scope, List<String> labels, Mode mode, int count, String profile,
                         long group, Path workDir, Age offlineAfter) {

    public enum Mode { SERVICE, EPHEMERAL }

    public static final List<String> DEFAULT_LABELS = List.of("self-hosted", "linux");

    /** Slot names: {@code <owner>-<name>-<n>}; the prefix is how factory knows its runners. */
    public List<String> slots(String owner) {
        var out = new ArrayList<String>();
        for (int i = 1; i <= count; i++) out.add(owner + "-" + name + "-" + i);
        return out;
    }

    public static String unit(String slot) {
        return "factory-runner@" + slot + ".service";
    }
}
