package io.ltcflink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The numeric core must stay usable without Flink, Kafka or Avro on the class path. */
final class CoreIsFlinkFreeTest {

    private static final JavaClasses CORE =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.ltcflink.core");

    @Test
    void core_dependsOnNoStreamingFramework() {
        ArchRule rule =
                noClasses()
                        .that().resideInAPackage("io.ltcflink.core..")
                        .should().dependOnClassesThat()
                        .resideInAnyPackage(
                                "org.apache.flink..", "org.apache.kafka..", "org.apache.avro..")
                        .because("the numeric core is used by trainers and tools without a cluster");
        rule.check(CORE);
    }

    @Test
    void core_doesNotReachIntoTheOperatorOrJobs() {
        noClasses()
                .that().resideInAPackage("io.ltcflink.core..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.ltcflink.flink..", "io.ltcflink.jobs..")
                .check(CORE);
    }

    @Test
    void core_isNotEmpty() {
        // Guards the rules above against passing vacuously on an empty import.
        org.assertj.core.api.Assertions.assertThat(CORE.size()).isGreaterThan(10);
    }
}
