package dev.carafe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph written in {@code dev.carafe}'s package documentation, checked on the
 * framework's classes: core ({@code dev.carafe}, {@code internal}) ← {@code session}, {@code
 * templates} ← {@code dev}, {@code prod} ← {@code cli}, and no cycles.
 */
class ArchitectureTest {
  private static JavaClasses framework;

  @BeforeAll
  static void importTheFramework() {
    framework =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.carafe");
  }

  @Test
  void packagesFormNoCycles() {
    slices()
        .matching("dev.carafe.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a cycle makes two packages one: neither can change alone")
        .check(framework);
  }

  @Test
  void noLayerImportsALaterOne() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("core")
        .definedBy("dev.carafe", "dev.carafe.internal..")
        .layer("plug-ins")
        .definedBy("dev.carafe.session..", "dev.carafe.templates..")
        .layer("servers")
        .definedBy("dev.carafe.dev..", "dev.carafe.prod..")
        .layer("cli")
        .definedBy("dev.carafe.cli..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("servers")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("plug-ins")
        .mayOnlyBeAccessedByLayers("servers", "cli")
        .because(
            "each layer builds on the ones before it; the core finds sessions and templates"
                + " through ServiceLoader, never by name")
        .check(framework);
  }

  @Test
  void sessionsAndTemplatesDoNotKnowEachOther() {
    noClasses()
        .that()
        .resideInAPackage("dev.carafe.session..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.carafe.templates..")
        .check(framework);
    noClasses()
        .that()
        .resideInAPackage("dev.carafe.templates..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.carafe.session..")
        .check(framework);
  }

  @Test
  void internalImportsNothingOfTheRootPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.carafe.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.carafe")
        .because("the servers reach an app through internal.ServerView, which names no API type")
        .check(framework);
  }
}
