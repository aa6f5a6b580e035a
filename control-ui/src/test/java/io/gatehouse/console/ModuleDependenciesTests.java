package io.gatehouse.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;

/**
 * The dependency direction of docs/ARCHITECTURE.md, proven on the compiled classes:
 * console → support → platform → gateway, and the gateway free of Spring.
 */
class ModuleDependenciesTests {

    private static final JavaClasses GATEHOUSE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // platform-api's test-jar (test support, benchmarks) is test code too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.gatehouse");

    @Test
    void modulesDependOnlyDownwards() {
        Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("control-ui").definedBy("io.gatehouse.console..")
                .layer("support-portal").definedBy("io.gatehouse.support..")
                .layer("platform-api").definedBy("io.gatehouse.platform..")
                .layer("runtime-gateway").definedBy("io.gatehouse.gateway..")
                .whereLayer("control-ui").mayNotBeAccessedByAnyLayer()
                .whereLayer("support-portal").mayOnlyBeAccessedByLayers("control-ui")
                .whereLayer("platform-api").mayOnlyBeAccessedByLayers("support-portal", "control-ui")
                .whereLayer("runtime-gateway").mayOnlyBeAccessedByLayers("platform-api", "support-portal", "control-ui")
                .check(GATEHOUSE);
    }

    /**
     * ConsoleErrors covers the support desk's page packages (customer pages in support.web, staff pages in
     * support.staff): a REST controller there would answer with HTML pages.
     */
    @Test
    void supportPagesHoldNoRestControllers() {
        noClasses().that().resideInAnyPackage("io.gatehouse.support.web..", "io.gatehouse.support.staff..")
                .should().beAnnotatedWith(io.gatehouse.platform.shared.web.ApiController.class)
                .orShould().beAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .check(GATEHOUSE);
    }

    @Test
    void theGatewayKnowsNothingOfSpring() {
        noClasses().that().resideInAPackage("io.gatehouse.gateway..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(GATEHOUSE);
    }

    @Test
    void theControlPlaneUsesOnlyTheGatewaysConfigLanguage() {
        noClasses().that().resideOutsideOfPackage("io.gatehouse.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gatehouse.gateway.server..",
                        "io.gatehouse.gateway.proxy..", "io.gatehouse.gateway.router..")
                .allowEmptyShould(true)
                .check(GATEHOUSE);
    }
}
