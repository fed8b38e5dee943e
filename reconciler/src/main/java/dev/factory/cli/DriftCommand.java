package dev.factory.cli;

import dev.factory.schedule.ScheduleSection;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.app.Adapters;
import dev.factory.doctor.Doctor;
import dev.factory.engine.Reconciler;
import dev.factory.report.DriftBuilder;
import dev.factory.report.DriftViews;
import dev.factory.report.DriftWriter;
import dev.factory.state.StateDir;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "drift", description = {"Report how the host differs from the config, without changing anything: each change classified",
        "corrective (live state moved) or intentional (the config changed since the last apply); disk, runners, jobs, doctor."})
final class DriftCommand extends ConfigCommand {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", converter = OutputFormat.Converter.class,
            completionCandidates = OutputFormat.ReportViews.class, description = "${COMPLETION-CANDIDATES} (default: markdown; md is accepted).")
    OutputFormat format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report in the chosen format to FILE instead of standard output.")
    Path out;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Write the report into DIR in all three formats, as the nightly report does, keeping the newest schedule.drift.keep.")
    Path outDir;

    @Option(names = "--notify", description = "Also call schedule.drift.webhook when the report finds drift or failing jobs, as the nightly report does.")
    boolean notify;

    @Option(names = "--no-doctor", description = "Leave out the doctor summary (which starts each profile's container).")
    boolean noDoctor;

    private OutputFormat chosen;

    @Override
    void checkOptions() {
        chosen = OutputFormat.choose(spec, json, format, OutputFormat.markdown, OutputFormat.markdown, OutputFormat.html, OutputFormat.json);
        if (outDir != null && (out != null || format != null || json)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out-dir writes all three formats: leave out --out, --format and --json");
        }
    }

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        try (Reconciler reconciler = Adapters.reconciler(desired, loaded.diagnostics(), state, line -> { });
             var ports = Adapters.open(desired.host(), System.getenv())) {
            boolean doctor = !noDoctor && desired.get(ScheduleSection.SECTION).driftDoctor();
            // the trend and first sightings come from the reports kept where the nightly report writes (or --out-dir)
            var history = dev.factory.report.DriftHistory.read(outDir != null ? outDir : state.root().resolve("drift"));
            var report = DriftBuilder.build(reconciler, desired, doctor ? new Doctor(Adapters.oneShot(state, desired, ports)) : null,
                    history, dev.factory.app.Registry.configGit(), dev.factory.app.Adapters.egressAudit(desired, state, ports));
            if (outDir != null) {
                for (Path f : DriftWriter.write(report, outDir, desired.get(ScheduleSection.SECTION).driftKeep(), List.of("json", "md", "html"))) console.out().println(f);
            } else {
                String text = switch (chosen) {
                    case json -> DriftViews.json(report);
                    case html -> DriftViews.html(report);
                    default -> DriftViews.markdown(report);
                };
                if (out != null) {
                    dev.factory.state.AtomicFiles.write(out, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    console.err().println("Wrote the report to " + out);
                } else {
                    console.out().print(text);
                }
            }
            console.err().println(report.oneLine());
            if (notify) {
                var answered = DriftWriter.notifyIfDrift(desired, report);
                console.err().println(answered.isEmpty() ? "no drift or no schedule.drift.webhook: nothing sent" : "drift webhook answered HTTP " + answered.get());
            }
            return ExitCodes.OK;
        }
    }
}
