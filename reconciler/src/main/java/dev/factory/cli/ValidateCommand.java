package dev.factory.cli;

import dev.factory.config.Diagnostic;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "validate", description = "Check the config against the schema and its own references; change nothing.")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Console console = root.console();
        var result = console.load(common);
        if (!result.ok()) return ExitCodes.ERROR;
        console.diagnostics(result.diagnostics());
        var desired = result.desired();
        long warnings = result.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).count();
        console.out().println("Config valid: " + result.files() + " file" + (result.files() == 1 ? "" : "s") + ", "
                + desired.images().size() + " images, " + desired.profiles().size() + " profiles, "
                + desired.services().size() + " services" + (warnings > 0 ? ", " + warnings + " warnings" : "")
                + " (" + desired.configDir() + ")");
        return ExitCodes.OK;
    }
}
