package dev.factory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run that names one command registers only that one: it must behave as with the whole tree. */
class MainTest {
    @Test
    void aCommandNamedFirstIsRegisteredAloneAndAnythingElseGetsTheWholeTree() {
        assertEquals(Optional.of(PlanCommand.class), Main.named(new String[] {"plan", "--config", "x"}));
        assertEquals(Optional.of(ControlCommands.Reconcile.class), Main.named(new String[] {"reconcile"}));
        assertEquals(Optional.of(BenchPlanCommand.class), Main.named(new String[] {"bench-plan"}));
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-V"}, new String[] {"help", "plan"},
                new String[] {"completion"}, new String[] {"plna"}, new String[] {"--config", "x", "plan"}, new String[] {"PLAN"})) {
            assertTrue(Main.named(args).isEmpty(), String.join(" ", args));
        }
    }

    @Test
    void everyCommandAloneHasTheUsageItHasInTheWholeTree() {
        var whole = Main.commandLine(new FactoryCommand());
        for (Class<?> c : FactoryCommand.SUBCOMMANDS) {
            var name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            var alone = Main.commandLine(new FactoryCommand(), List.of(c));
            assertEquals(whole.getSubcommands().get(name).getUsageMessage(), alone.getSubcommands().get(name).getUsageMessage(), name);
        }
        assertEquals(FactoryCommand.SUBCOMMANDS.size(), whole.getSubcommands().size());
    }
}
