package dev.factory.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.config.ConfigLoader;
import dev.factory.docker.ApiCalls;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Action;
import dev.factory.state.StateDir;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The daemon's path, timed: load the config and plan, N times in one process (bench/run uses it). */
@Command(name = "bench-plan", hidden = true, description = "Benchmark: load and plan N times in one JVM; print timings and API calls as JSON.")
final class BenchPlanCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Mixin
    CommonOptions common;

    @Option(names = "--repeat", defaultValue = "10")
    int repeat;

    @Option(names = "--warmup", defaultValue = "1", description = "Rounds first made and not timed (a daemon answers plans for days: its JIT is warm).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        try (var warm = new dev.factory.app.Warm()) {   // kept between plans, as the daemon's plan server keeps it
            return run(console, warm);
        }
    }

    private int run(Console console, dev.factory.app.Warm warm) throws Exception {
        var millis = new ArrayList<Double>();
        var collecting = new ArrayList<Double>();
        var idle = new dev.factory.runtime.IdleCollect();   // between rounds, as the daemon's plan server collects after each answer
        int pending = -1;
        long calls = 0;
        long mutating = 0;
        var loader = dev.factory.app.Registry.configLoader().keepingParsedFiles();   // one for every plan, as the daemon's plan server keeps one
        for (int i = 0; i < warmup + repeat; i++) {
            ApiCalls.reset();
            long start = System.nanoTime();
            var loaded = loader.load(common.config);
            if (!loaded.ok()) {
                console.diagnostics(loaded.diagnostics());
                return ExitCodes.ERROR;
            }
            var desired = loaded.desired();
            try (var reconciler = dev.factory.app.Adapters.reconciler(desired, loaded.diagnostics(), StateDir.resolve(common.stateDir, desired.host(), desired.configDir()), l -> { }, warm)) {
                var plan = reconciler.plan();
                pending = (int) plan.changes().stream().filter(c -> c.action() != Action.NO_OP).count();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= warmup) millis.add(ms);
            idle.planned();
            double collected = idle.collectIfOwed();
            if (i >= warmup) collecting.add(collected);
            calls = ApiCalls.snapshot().values().stream().mapToLong(Long::longValue).sum();
            mutating = ApiCalls.mutating();
        }
        var sorted = millis.stream().sorted().toList();
        var json = new ObjectMapper().createObjectNode().put("runs", sorted.size()).put("medianMs", sorted.get(sorted.size() / 2))
                .put("minMs", sorted.get(0)).put("maxMs", sorted.get(sorted.size() - 1)).put("pending", pending)
                .put("dockerCalls", calls).put("mutatingCalls", mutating)
                .put("idleCollectMedianMs", collecting.stream().sorted().toList().get(collecting.size() / 2));
        json.set("callsByEndpoint", new ObjectMapper().valueToTree(ApiCalls.snapshot()));
        json.put("heapUsedMb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024));
        console.out().println(json);
        return ExitCodes.OK;
    }
}
