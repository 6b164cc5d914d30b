package io.kompress.cache.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.kompress.cache.RedisCall;
import io.kompress.cache.internal.Implementations;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The layering rules, enforced by {@code mvn verify}: API packages hold what users touch and reach the
 * implementation only through {@link Implementations}; Jedis appears in the API only in the escape hatch
 * {@link RedisCall}; no two packages depend on each other in a cycle.
 */
class ArchitectureTest {

    private static final String API = "io.kompress.cache";
    private static final String[] API_PACKAGES = {API, API + ".config", API + ".errors", API + ".observability",
        API + ".micrometer"};
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.kompress.cache");

    private static boolean inApi(JavaClass c) {
        return Arrays.asList(API_PACKAGES).contains(c.getPackageName());
    }

    @Test
    void apiPackagesReachInternalsOnlyThroughTheFactory() {
        ArchRule rule = noClasses().that().resideInAnyPackage(API_PACKAGES)
            .should().dependOnClassesThat(describe("internal classes other than Implementations",
                c -> c.getPackageName().startsWith(API + ".internal")
                    && !c.getName().equals(Implementations.class.getName())));
        rule.check(MAIN);
    }

    @Test
    void jedisAppearsInTheApiOnlyInTheEscapeHatch() {
        ArchRule rule = noClasses().that().resideInAnyPackage(API_PACKAGES)
            .and().doNotHaveFullyQualifiedName(RedisCall.class.getName())
            .should().dependOnClassesThat().resideInAPackage("redis.clients..");
        rule.check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.kompress.(**)").should().beFreeOfCycles()
            .ignoreDependency(describe("API classes", ArchitectureTest::inApi),
                describe("the factory", (JavaClass c) -> c.getName().equals(Implementations.class.getName())))
            .check(MAIN);
    }
}
