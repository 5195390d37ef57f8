package dev.ironmq.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of the code's shape that the compiler cannot check (docs/concurrency.md). */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ironmq");
  }

  @Test
  void onlyTheServerReadsTheRealClock() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.ironmq.server..")
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(java.time.InstantSource.class, "system")
            .orShould()
            .callMethod(java.time.Clock.class, "systemUTC")
            .orShould()
            .callMethod(java.time.Clock.class, "systemDefaultZone")
            .because("time is injected, so that tests can move it");
    rule.check(classes);
  }

  @Test
  void theEngineKnowsNothingOfHttpJsonOrRocksDb() {
    noClasses()
        .that()
        .resideInAPackage("dev.ironmq.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..",
            "io.netty..",
            "com.fasterxml..",
            "org.rocksdb..",
            "dev.ironmq.http..",
            "dev.ironmq.server..",
            "dev.ironmq.store.rocksdb..",
            "dev.ironmq.store.memory..")
        .check(classes);
  }

  @Test
  void theBackendSeamDependsOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("dev.ironmq.backend..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ironmq.core..",
            "dev.ironmq.store..",
            "dev.ironmq.http..",
            "dev.ironmq.push..",
            "dev.ironmq.server..")
        .check(classes);
  }

  @Test
  void metricsKnowOnlyTheBackendSeam() {
    noClasses()
        .that()
        .resideInAPackage("dev.ironmq.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ironmq.core..",
            "dev.ironmq.store..",
            "dev.ironmq.postgres..",
            "dev.ironmq.http..",
            "dev.ironmq.push..",
            "dev.ironmq.server..",
            "io.vertx..")
        .because("metrics see a backend only through what any backend tells")
        .check(classes);
  }

  @Test
  void theJournalApiKnowsOnlyTheBackendsModel() {
    noClasses()
        .that()
        .resideInAPackage("dev.ironmq.store")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ironmq.core..", "dev.ironmq.http..", "dev.ironmq.server..")
        .check(classes);
  }

  @Test
  void theHttpLayerTalksToTheBackendSeamOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.ironmq.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.rocksdb..",
            "dev.ironmq.core..",
            "dev.ironmq.store..",
            "dev.ironmq.push..",
            "dev.ironmq.server..")
        .check(classes);
  }

  @Test
  void thePostgresBackendKnowsOnlyTheBackendSeam() {
    noClasses()
        .that()
        .resideInAPackage("dev.ironmq.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ironmq.core..", "dev.ironmq.store..", "dev.ironmq.http..", "dev.ironmq.server..")
        .check(classes);
  }

  @Test
  void pushingNeedsOnlyTheBackendSeam() {
    noClasses()
        .that()
        .resideInAPackage("dev.ironmq.push..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ironmq.core..", "dev.ironmq.store..", "dev.ironmq.http..", "dev.ironmq.server..")
        .check(classes);
  }
}
