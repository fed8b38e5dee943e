package dev.factory.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.image.ImageSection;
import dev.factory.plan.PlanJson;
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

    @Mixin
    FormatOptions.TextOrJson format;

    @Override
    public Integer call() {
        boolean asJson = format.asJson();
        Console console = root.console();
        ConfigLoader.Result loaded = console.load(common);
        if (asJson) {
            var tree = JsonNodeFactory.instance.objectNode();
            tree.put("valid", loaded.ok());
            tree.put("configDir", loaded.desired() == null ? null : loaded.desired().configDir().toString());
            tree.put("files", loaded.files());
            tree.set("diagnostics", PlanJson.diagnostics(loaded.diagnostics()));
            console.out().print(PlanJson.pretty(tree));
            console.out().flush();
            return loaded.ok() ? ExitCodes.OK : ExitCodes.ERROR;
        }
        if (!loaded.ok()) return ExitCodes.ERROR;
        Desired desired = loaded.desired();
        console.diagnostics(loaded.diagnostics());
        long warnings = loaded.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).count();
        console.out().println("Config valid: " + loaded.files() + " file" + (loaded.files() == 1 ? "" : "s") + ", "
                + desired.get(ImageSection.SECTION).size() + " images, " + desired.get(ContainerSection.SECTION).profiles().size() + " profiles, "
                + desired.get(ContainerSection.SECTION).services().size() + " services" + (warnings > 0 ? ", " + warnings + " warnings" : "")
                + " (" + desired.configDir() + ")");
        return ExitCodes.OK;
    }
}
