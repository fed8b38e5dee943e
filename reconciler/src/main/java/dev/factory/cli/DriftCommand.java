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
    enum Format { md, html, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "md, html or json (default: md).")
    Format format = Format.md;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the report into DIR (all three formats), keeping the newest schedule.drift.keep.")
    Path out;

    @Option(names = "--notify", description = "Also call schedule.drift.webhook when the report finds drift or failing jobs, as the nightly report does.")
    boolean notify;

    @Option(names = "--no-doctor", description = "Leave out the doctor summary (which starts each profile's container).")
    boolean noDoctor;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        try (Reconciler reconciler = Adapters.reconciler(desired, loaded.diagnostics(), state, line -> { });
             var ports = Adapters.open(desired.host(), System.getenv())) {
            boolean doctor = !noDoctor && desired.get(ScheduleSection.SECTION).driftDoctor();
            var report = DriftBuilder.build(reconciler, desired, doctor ? new Doctor(Adapters.oneShot(state, desired, ports)) : null);
            if (out != null) {
                for (Path f : DriftWriter.write(report, out, desired.get(ScheduleSection.SECTION).driftKeep(), List.of("json", "md", "html"))) console.out().println(f);
            } else {
                console.out().print(switch (format) {
                    case json -> DriftViews.json(report);
                    case html -> DriftViews.html(report);
                    case md -> DriftViews.markdown(report);
                });
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
