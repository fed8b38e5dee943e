package dev.factory.cli;

import dev.factory.kinds.image.ImageSection;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.config.ConfigLoader;
import dev.factory.kinds.image.BuildContext;
import dev.factory.kinds.image.ContextDigests;
import dev.factory.kinds.image.ImageSpec;
import dev.factory.state.StateDir;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Hashing one image's build context, timed: with no memory, then with the state dir's digest cache (bench/run uses it). */
@Command(name = "bench-hash", hidden = true, description = "Benchmark: hash an image's context N times without and with the digest cache; print JSON.")
final class BenchHashCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Mixin
    CommonOptions common;

    @Option(names = "--image", required = true)
    String image;

    @Option(names = "--repeat", defaultValue = "5")
    int repeat;

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        var loaded = dev.factory.app.Registry.configLoader().load(common.config);
        if (!loaded.ok()) {
            console.diagnostics(loaded.diagnostics());
            return ExitCodes.ERROR;
        }
        ImageSpec spec = loaded.desired().get(ImageSection.SECTION).get(image);
        if (spec == null) {
            console.err().println("factory: no image '" + image + "' in " + common.config);
            return ExitCodes.ERROR;
        }
        StateDir state = StateDir.resolve(common.stateDir, loaded.desired().host(), loaded.desired().configDir());
        var full = new ArrayList<Double>();
        var cached = new ArrayList<Double>();
        int files = 0;
        int rehashed = 0;
        String digest = null;
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            var inputs = BuildContext.read(spec).inputs();
            full.add((System.nanoTime() - start) / 1e6);
            files = inputs.files().size();
            start = System.nanoTime();
            var digests = ContextDigests.of(state, spec);   // loaded from disk each time, as a fresh process would
            var again = BuildContext.read(spec, digests).inputs();
            cached.add((System.nanoTime() - start) / 1e6);
            rehashed = digests.hashed();
            if (!again.inputsDigest().equals(inputs.inputsDigest())) throw new IllegalStateException("cached and full hashes differ");
            digest = again.inputsDigest();
        }
        var json = new ObjectMapper().createObjectNode().put("image", image).put("contextEntries", files)
                .put("fullMedianMs", median(full)).put("cachedMedianMs", median(cached)).put("cachedMaxMs", cached.stream().mapToDouble(d -> d).max().orElse(0))
                .put("filesReadWithCache", rehashed).put("inputsDigest", digest);
        console.out().println(json);
        return ExitCodes.OK;
    }

    private static double median(ArrayList<Double> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
