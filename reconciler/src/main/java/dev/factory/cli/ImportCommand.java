package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.Foreign;
import dev.factory.runtime.Printable;
import dev.factory.state.LockHeldException;
import dev.factory.state.StateDir;
import dev.factory.state.StateLock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = {
        "Adopt objects another factory lineage made (the plan lists them as foreign) into this state dir, as Terraform's import does.",
        "Only addresses this config declares can be imported; the plan after an import shows what differs."})
final class ImportCommand extends ConfigCommand {
    @Parameters(arity = "0..*", paramLabel = "ADDRESS", description = "e.g. container/web-1, image/factory-base, volume/pnpm-store.")
    List<String> addresses = List.of();

    @Option(names = "--all", description = "Every foreign object this config declares (listed first, then confirmed).")
    boolean all;

    @Option(names = "--auto-approve", description = "With --all, import without asking.")
    boolean autoApprove;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        if (all == !addresses.isEmpty()) {
            console.err().println("error: name the ADDRESS(es) to import, or pass --all (not both)");
            return ExitCodes.USAGE;
        }
        StateDir stateDir = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        try (StateLock lock = StateLock.acquire(stateDir, "factory import", w -> console.err().println("warning: " + w));
             Reconciler reconciler = dev.factory.app.Adapters.reconciler(desired, loaded.diagnostics(), stateDir, console::progress)) {
            var plan = reconciler.plan();
            Set<Address> declared = plan.changes().stream().map(Change::address).collect(Collectors.toSet());
            var wanted = new LinkedHashSet<Address>();
            for (String a : addresses) wanted.add(Address.parse(a));
            var chosen = new ArrayList<Foreign>();
            var undeclared = new ArrayList<Foreign>();
            for (Foreign f : plan.foreign()) {
                if (!all && !wanted.contains(f.address())) continue;
                (declared.contains(f.address()) ? chosen : undeclared).add(f);
            }
            for (Foreign f : undeclared) {
                console.err().println("skipped " + Printable.escape(f.describe()) + ": this config does not declare " + f.address()
                        + "; declare it first, or leave it to the lineage that made it");
            }
            for (Address a : wanted) {
                if (plan.foreign().stream().noneMatch(f -> f.address().equals(a))) {
                    console.err().println("error: no foreign object at " + Printable.escape(a.toString()) + " (run factory plan: the foreign section lists what can be imported)");
                }
            }
            if (chosen.isEmpty()) {
                console.err().println("Nothing imported.");
                return ExitCodes.ERROR;
            }
            console.out().println("Importing into this state dir (" + stateDir.root() + "):");
            chosen.forEach(f -> console.out().println("  " + Printable.escape(f.describe())));
            if (all && !autoApprove) {
                var answer = root.prompter().ask("Import these " + chosen.size() + " objects? Only 'yes' will be accepted: ");
                if (answer.isEmpty() || !answer.get().strip().equals("yes")) {
                    console.err().println(answer.isEmpty() ? "error: no terminal to confirm on; pass --auto-approve" : "Import cancelled; nothing was changed.");
                    return ExitCodes.ERROR;
                }
            }
            var owner = reconciler.adopt(chosen.stream().map(Foreign::id).collect(Collectors.toSet()));
            console.out().println("Imported " + chosen.size() + " object" + (chosen.size() == 1 ? "" : "s") + " into lineage " + owner.lineage()
                    + ". Run factory plan to see what differs from the config.");
            return ExitCodes.OK;
        } catch (LockHeldException e) {
            console.err().println("error: " + Printable.escapeLines(e.getMessage()));
            return ExitCodes.ERROR;
        }
    }
}
