package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The public surface stays what it is on purpose: {@code dev.carafe} is the one exported package,
 * and a public type anywhere else is either on the list below or a mistake.
 */
class PublicTypesTest {
  /**
   * Public types outside {@code dev.carafe}: public because another package of the framework (or
   * {@link java.util.ServiceLoader}, or the JVM's launcher) reaches them, never exported by the
   * module. Adding one is a decision: make the new type package-private if its package alone uses
   * it, else add it here and say in the review why it must be public.
   */
  private static final Set<String> PUBLIC_OUTSIDE_THE_API =
      Set.of(
          "dev.carafe.cli.Main",
          "dev.carafe.dev.DevServer",
          "dev.carafe.dev.DevServer$Builder",
          "dev.carafe.internal.AppLoader",
          "dev.carafe.internal.ErrorBody",
          "dev.carafe.internal.Json",
          "dev.carafe.internal.LogContext",
          "dev.carafe.internal.LogConfigurator",
          "dev.carafe.internal.MinimumBodyRate",
          "dev.carafe.internal.ProductionSecret",
          "dev.carafe.internal.Router",
          "dev.carafe.internal.Router$Entry",
          "dev.carafe.internal.Router$Found",
          "dev.carafe.internal.Router$Match",
          "dev.carafe.internal.Router$MethodNotAllowed",
          "dev.carafe.internal.Router$NotFound",
          "dev.carafe.internal.Router$Options",
          "dev.carafe.internal.Router$Redirect",
          "dev.carafe.internal.Rule",
          "dev.carafe.internal.SecureErrorHandler",
          "dev.carafe.internal.SecurityHeaderValues",
          "dev.carafe.internal.ServerView",
          "dev.carafe.internal.ServerView$EarlyMatch",
          "dev.carafe.internal.TrustedProxies",
          "dev.carafe.internal.TrustedProxies$Forwarded",
          "dev.carafe.prod.AotRecorder",
          "dev.carafe.prod.Arbiter",
          "dev.carafe.prod.Worker",
          "dev.carafe.session.SignedCookieSessions",
          "dev.carafe.templates.PebbleTemplates");

  private static List<JavaClass> frameworkClasses() {
    List<JavaClass> classes = new ArrayList<>();
    new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.carafe")
        .forEach(classes::add);
    return classes;
  }

  @Test
  void publicTypesOutsideTheApiAreTheListedOnes() {
    Set<String> found = new TreeSet<>();
    for (JavaClass type : frameworkClasses()) {
      if (!type.getPackageName().equals("dev.carafe")
          && reachableFromOtherPackages(type)
          && !type.isAnonymousClass()) {
        found.add(type.getName());
      }
    }
    Set<String> added = new TreeSet<>(found);
    added.removeAll(PUBLIC_OUTSIDE_THE_API);
    Set<String> gone = new TreeSet<>(PUBLIC_OUTSIDE_THE_API);
    gone.removeAll(found);
    assertTrue(
        added.isEmpty(),
        "New public types outside dev.carafe: "
            + added
            + ". Make them package-private if their package alone uses them; otherwise add them to"
            + " PUBLIC_OUTSIDE_THE_API and say why they must be public.");
    assertEquals(
        Set.of(),
        gone,
        "These types are no longer public (or gone): remove them from PUBLIC_OUTSIDE_THE_API.");
  }

  /** Public, and so is every type around it: a public record in a package-private one is not. */
  private static boolean reachableFromOtherPackages(JavaClass type) {
    return type.getModifiers().contains(JavaModifier.PUBLIC)
        && type.getEnclosingClass().map(PublicTypesTest::reachableFromOtherPackages).orElse(true);
  }

  @Test
  void theApiNamesNoJavalinOrJacksonTypeOutsideTheEscapeHatch() {
    Set<String> escapeHatch =
        Set.of("dev.carafe.Request.javalinContext", "dev.carafe.Carafe.configureJavalin");
    Set<String> leaks = new TreeSet<>();
    for (JavaClass type : frameworkClasses()) {
      if (!type.getPackageName().equals("dev.carafe")
          || !type.getModifiers().contains(JavaModifier.PUBLIC)) {
        continue;
      }
      for (JavaClass parent : type.getAllRawSuperclasses()) {
        check(type.getName(), parent, leaks);
      }
      type.getRawInterfaces().forEach(i -> check(type.getName(), i, leaks));
      // All members, so that what a public type inherits from a package-private one (Scaffold's
      // route methods on Carafe and Blueprint) counts too.
      for (JavaMember member : type.getAllMembers()) {
        if (!member.getOwner().getPackageName().equals("dev.carafe")
            || (!member.getModifiers().contains(JavaModifier.PUBLIC)
                && !member.getModifiers().contains(JavaModifier.PROTECTED))) {
          continue;
        }
        String where = member.getOwner().getName() + "." + member.getName();
        if (escapeHatch.contains(where)) {
          continue;
        }
        if (member instanceof com.tngtech.archunit.core.domain.JavaCodeUnit unit) {
          check(where, unit.getRawReturnType(), leaks);
          unit.getRawParameterTypes().forEach(p -> check(where, p, leaks));
          for (JavaType generic : unit.getParameterTypes()) {
            generic.getAllInvolvedRawTypes().forEach(t -> check(where, t, leaks));
          }
          unit.getReturnType().getAllInvolvedRawTypes().forEach(t -> check(where, t, leaks));
        } else if (member instanceof com.tngtech.archunit.core.domain.JavaField field) {
          field.getType().getAllInvolvedRawTypes().forEach(t -> check(where, t, leaks));
        }
      }
    }
    assertTrue(
        leaks.isEmpty(),
        "Javalin or Jackson types in the public API outside the escape hatch: "
            + leaks
            + ". Wrap them in a Carafe type, or keep them package-private.");
  }

  private static void check(String where, JavaClass type, Set<String> leaks) {
    String name = type.getName();
    if (name.startsWith("io.javalin.") || name.startsWith("com.fasterxml.jackson.")) {
      leaks.add(where + " -> " + name);
    }
  }
}
