package dev.factory.cli;

import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.image.ImageSection;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import picocli.CommandLine.Command;

@Command(name = "validate", description = "Check the config against the schema and its own references; change nothing.")
final class ValidateCommand extends ConfigCommand {
    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) {
        console.diagnostics(loaded.diagnostics());
        long warnings = loaded.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).count();
        console.out().println("Config valid: " + loaded.files() + " file" + (loaded.files() == 1 ? "" : "s") + ", "
                + desired.get(ImageSection.SECTION).size() + " images, " + desired.get(ContainerSection.SECTION).profiles().size() + " profiles, "
                + desired.get(ContainerSection.SECTION).services().size() + " services" + (warnings > 0 ? ", " + warnings + " warnings" : "")
                + " (" + desired.configDir() + ")");
        return ExitCodes.OK;
    }
}
