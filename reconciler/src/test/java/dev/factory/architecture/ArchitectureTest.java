package dev.factory.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The house rules of the code: arrows point inward, and no two packages need each other.
 *
 * <pre>
 * cli, daemon, features -> app (composition root) -> engine -> core
 *                                   \-> kinds -> engine ports, core
 *                                   \-> adapters (docker, github, git, systemd) -> kind and engine ports, core
 * </pre>
 */
class ArchitectureTest {
    static final String[] CORE = {"dev.factory.config..", "dev.factory.plan..", "dev.factory.apply..", "dev.factory.state..",
            "dev.factory.fs..", "dev.factory.runtime..", "dev.factory.secrets.."};
    static final String[] ADAPTERS = {"dev.factory.docker..", "dev.factory.github..", "dev.factory.git..", "dev.factory.systemd.."};
    static final String[] FEATURES = {"dev.factory.daemon..", "dev.factory.report..", "dev.factory.doctor..", "dev.factory.lane..",
            "dev.factory.source..", "dev.factory.pullrequests..", "dev.factory.mcpbridge.."};
    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.factory");

    static String[] join(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    static ArchRule noCycles() {
        return slices().matching("dev.factory.(*)..").should().beFreeOfCycles().as("no two top-level packages need each other");
    }

    static ArchRule noCyclesBetweenKinds() {
        return slices().matching("dev.factory.kinds.(*)..").should().beFreeOfCycles().as("no two kinds need each other");
    }

    static ArchRule coreStandsAlone() {
        return noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage(join(new String[] {"dev.factory.engine..", "dev.factory.kinds..", "dev.factory.app..", "dev.factory.cli.."}, ADAPTERS, FEATURES))
                .as("the core (config, plan, apply, state, fs, runtime, secrets) depends on nothing outside it");
    }

    static ArchRule engineNamesNoKindAndNoAdapter() {
        return noClasses().that().resideInAPackage("dev.factory.engine..").should().dependOnClassesThat()
                .resideInAnyPackage(join(new String[] {"dev.factory.kinds..", "dev.factory.app..", "dev.factory.cli.."}, ADAPTERS, FEATURES))
                .as("the engine iterates the registry it is given: it names no kind and no adapter");
    }

    static ArchRule kindsUsePortsNotAdapters() {
        return noClasses().that().resideInAPackage("dev.factory.kinds..").should().dependOnClassesThat()
                .resideInAnyPackage(join(new String[] {"dev.factory.app..", "dev.factory.cli.."}, ADAPTERS, FEATURES))
                .as("a kind reaches Docker, GitHub, git and systemd through ports declared beside it, never through an adapter");
    }

    static ArchRule adaptersServeInward() {
        return noClasses().that().resideInAnyPackage(ADAPTERS).should().dependOnClassesThat()
                .resideInAnyPackage(join(new String[] {"dev.factory.app..", "dev.factory.cli.."}, FEATURES))
                .as("adapters implement ports; they call no feature, no composition root, no command");
    }

    static ArchRule featuresDoNotCallTheCli() {
        return noClasses().that().resideInAnyPackage(join(FEATURES, new String[] {"dev.factory.app.."})).should().dependOnClassesThat()
                .resideInAPackage("dev.factory.cli..").as("nothing but the CLI depends on the CLI");
    }

    @Test
    void packagesFormNoCycle() {
        noCycles().check(MAIN);
        noCyclesBetweenKinds().check(MAIN);
    }

    @Test
    void arrowsPointInward() {
        coreStandsAlone().check(MAIN);
        engineNamesNoKindAndNoAdapter().check(MAIN);
        kindsUsePortsNotAdapters().check(MAIN);
        adaptersServeInward().check(MAIN);
        featuresDoNotCallTheCli().check(MAIN);
    }
}
