package io.gatehouse.gateway.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The control plane validates with the config language, so it must stay a plain library: JDK and
 * Jackson only (no Spring, no Netty or Reactor, nothing of the proxy engine), plugin config records
 * included.
 */
class ConfigLanguageBoundaryTests {

    private static final Pattern PLUGIN_CONFIG = Pattern
        .compile("io\\.gatehouse\\.gateway\\.plugins\\.[a-z]+\\.[A-Za-z]+Config(\\$.*)?");

    private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.gatehouse.gateway");

    @Test
    void configLanguageDependsOnlyOnTheJdkJacksonAndPluginConfigRecords() {
        classes().that(DescribedPredicate.describe("are part of the config language",
                type -> type.getName().startsWith("io.gatehouse.gateway.config.")
                        || PLUGIN_CONFIG.matcher(type.getName()).matches()))
            .should()
            .onlyDependOnClassesThat(DescribedPredicate.describe("JDK, Jackson or the config language",
                    ConfigLanguageBoundaryTests::allowed))
            .check(classes);
    }

    private static boolean allowed(JavaClass dependency) {
        JavaClass type = dependency.isArray() ? dependency.getBaseComponentType() : dependency;
        String name = type.getName();
        return type.isPrimitive() || name.startsWith("java.") || name.startsWith("javax.crypto.")
                || name.startsWith("tools.jackson.") || name.startsWith("com.fasterxml.jackson.annotation.")
                || name.startsWith("io.gatehouse.gateway.config.") || PLUGIN_CONFIG.matcher(name).matches();
    }

}
