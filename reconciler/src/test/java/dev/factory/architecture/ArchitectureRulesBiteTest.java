package dev.factory.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Each house rule, shown failing on a wrong-way import: fixtures in the test tree stand where a
 * careless change would put a class (a kind calling the Docker adapter, the engine naming a kind,
 * the core reading a kind, two packages needing each other), and the rule must name the import.
 */
class ArchitectureRulesBiteTest {
    private static final String FIXTURE = "dev.factory.architecture.fixture.";

    /** The fixtures, placed as if they lived in the package they imitate. */
    private static EvaluationResult evaluate(ArchRule rule, String fixturePackage) {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE + fixturePackage, "dev.factory.docker", "dev.factory.kinds",
                "dev.factory.config");
        return rule.evaluate(classes);
    }

    private static void assertViolation(EvaluationResult result, String mentions) {
        assertTrue(result.hasViolation(), "the rule let it through");
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains(mentions), "the report names " + mentions + ":\n" + report);
    }

    @Test
    void aKindCallingAnAdapterIsRefused() {
        assertViolation(evaluate(ArchitectureTest.kindsUsePortsNotAdapters(FIXTURE + "kinds.."), "kinds.wrongway"), "DockerGateway");
    }

    @Test
    void theEngineNamingAKindIsRefused() {
        assertViolation(evaluate(ArchitectureTest.engineNamesNoKindAndNoAdapter(FIXTURE + "engine.."), "engine"), "ImagePlanner");
    }

    @Test
    void theCoreReadingAKindIsRefused() {
        assertViolation(evaluate(ArchitectureTest.coreStandsAlone(FIXTURE + "config.."), "config"), "RepoSection");
    }

    @Test
    void aPackageCycleIsRefused() {
        var rule = ArchitectureTest.noCycles(FIXTURE + "(loop*)..");
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE + "loopa", FIXTURE + "loopb");
        assertViolation(rule.evaluate(classes), "loopa");
    }

    @Test
    void theRealRulesSeeTheRealCode() {
        // the rules in ArchitectureTest pass on main code that was imported, not on an empty set
        assertFalse(ArchitectureTest.MAIN.isEmpty());
        assertTrue(ArchitectureTest.MAIN.contain("dev.factory.engine.Reconciler"));
        assertTrue(ArchitectureTest.MAIN.contain("dev.factory.kinds.image.ImageKind"));
    }

    @Test
    void kindsMeetOnlyThroughTheirApi() {
        // ImageKind is not @KindApi: the fixture kind that names it breaks the rule; ImageSection is, and passes
        JavaClasses classes = new ClassFileImporter().importPackages("dev.factory.kinds");
        assertFalse(ArchitectureTest.kindsMeetThroughTheirApi().evaluate(classes).hasViolation());
        assertTrue(ArchitectureTest.offered(classes.get(dev.factory.kinds.image.ImageSection.class)));
        assertFalse(ArchitectureTest.offered(classes.get(dev.factory.kinds.image.ImageKind.class)));
        assertTrue(ArchitectureTest.offered(classes.get(dev.factory.kinds.container.OneShot.Request.class)), "nested in an offered class");
    }
}
