package dev.factory.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.factory.engine.KindApi;
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
        return noCycles("dev.factory.(*)..");
    }

    static ArchRule noCycles(String slicePattern) {
        return slices().matching(slicePattern).should().beFreeOfCycles().as("no two top-level packages need each other");
    }

    static ArchRule noCyclesBetweenKinds() {
        return slices().matching("dev.factory.kinds.(*)..").should().beFreeOfCycles().as("no two kinds need each other");
    }

    static ArchRule coreStandsAlone() {
        return coreStandsAlone(CORE);
    }

    static ArchRule coreStandsAlone(String... core) {
        return noClasses().that().resideInAnyPackage(core).should().dependOnClassesThat()
                .resideInAnyPackage(join(new String[] {"dev.factory.engine..", "dev.factory.kinds..", "dev.factory.app..", "dev.factory.cli.."}, ADAPTERS, FEATURES))
                .as("the core (config, plan, apply, state, fs, runtime, secrets) depends on nothing outside it");
    }

    static ArchRule engineNamesNoKindAndNoAdapter() {
        return engineNamesNoKindAndNoAdapter("dev.factory.engine..");
    }

    static ArchRule engineNamesNoKindAndNoAdapter(String engine) {
        return noClasses().that().resideInAPackage(engine).should().dependOnClassesThat()
                .resideInAnyPackage(join(new String[] {"dev.factory.kinds..", "dev.factory.app..", "dev.factory.cli.."}, ADAPTERS, FEATURES))
                .as("the engine iterates the registry it is given: it names no kind and no adapter");
    }

    static ArchRule kindsUsePortsNotAdapters() {
        return kindsUsePortsNotAdapters("dev.factory.kinds..");
    }

    static ArchRule kindsUsePortsNotAdapters(String kinds) {
        return noClasses().that().resideInAPackage(kinds).should().dependOnClassesThat()
                .resideInAnyPackage(join(new String[] {"dev.factory.app..", "dev.factory.cli.."}, ADAPTERS, FEATURES))
                .as("a kind reaches Docker, GitHub, git and systemd through ports declared beside it, never through an adapter");
    }

    /** The kind a package belongs to ({@code dev.factory.kinds.image.x} -> {@code image}), or null outside the kinds. */
    static String kindOf(String pkg) {
        if (!pkg.startsWith("dev.factory.kinds.")) return null;
        String rest = pkg.substring("dev.factory.kinds.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Whether {@code c}, or a class it is nested in, is marked {@link KindApi}. */
    static boolean offered(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (k.isAnnotatedWith(KindApi.class)) return true;
        }
        return false;
    }

    static ArchRule kindsMeetThroughTheirApi() {
        return classes().that().resideInAPackage("dev.factory.kinds..").should(new ArchCondition<JavaClass>(
                "use another kind only through the types it marks @KindApi (its section, its specs, OneShot)") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String own = kindOf(c.getPackageName());
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    String other = kindOf(target.getPackageName());
                    if (other == null || other.equals(own) || offered(target)) continue;
                    events.add(SimpleConditionEvent.violated(d, d.getDescription() + ": " + target.getName() + " is not @KindApi"));
                }
            }
        });
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
        kindsMeetThroughTheirApi().check(MAIN);
    }
}
