package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCompilerTest {
  @TempDir Path dir;
  private TestProject project;
  private SourceCompiler compiler;

  @BeforeEach
  void setUp() {
    project =
        TestProject.create(dir)
            .write(
                "src/main/java/app/Greeter.java",
                "package app;\npublic final class Greeter {\n"
                    + "  public static String greet() { return Words.HELLO + \"!\"; }\n}\n")
            .write(
                "src/main/java/app/Words.java",
                "package app;\npublic final class Words {\n"
                    + "  public static final String HELLO = \"hello\";\n}\n")
            .write(
                "src/main/java/app/Alone.java",
                "package app;\npublic final class Alone {\n  int x;\n}\n");
    compiler =
        new SourceCompiler(
            dir, dir.resolve("src/main/java"), System.getProperty("java.class.path"));
  }

  @AfterEach
  void tearDown() throws Exception {
    compiler.close();
  }

  private SourceCompiler.Compiled compiled(SourceCompiler.Result result) {
    return assertInstanceOf(SourceCompiler.Compiled.class, result, result.toString());
  }

  private static Object greet(Map<String, byte[]> classes) throws Exception {
    AppClassLoader loader =
        new AppClassLoader("test", SourceCompilerTest.class.getClassLoader(), classes, List.of());
    return loader.loadClass("app.Greeter").getMethod("greet").invoke(null);
  }

  @Test
  void aSaveRecompilesTheFileAndTheFilesThatNameItsClasses() throws Exception {
    assertEquals(4, compiled(compiler.compile()).compiledCount());
    project.write(
        "src/main/java/app/Words.java",
        "package app;\npublic final class Words {\n"
            + "  public static final String HELLO = \"bonjour\";\n}\n");
    SourceCompiler.Compiled partial = compiled(compiler.compile());
    assertEquals(2, partial.compiledCount(), "Words and Greeter, which inlined its constant");
    assertTrue(partial.partial());
    assertTrue(partial.classes().containsKey("app.Alone"), "untouched classes are kept");
    assertTrue(partial.classes().containsKey("app.App"));
    assertEquals("bonjour!", greet(partial.classes()));
  }

  @Test
  void aChangeOtherFilesCannotSeeCompilesThatFileAloneAsWellAsAFullCompile() throws Exception {
    compiled(compiler.compile());
    project.write(
        "src/main/java/app/Words.java",
        "package app;\npublic final class Words {\n"
            + "  public static final String HELLO = \"hello\";\n"
            + "  private static String secret() { return \"x\"; }\n}\n");
    SourceCompiler.Compiled quick = compiled(compiler.compile());
    assertEquals(1, quick.compiledCount(), "Greeter names Words but sees nothing new");
    assertFalse(quick.partial(), "no idle full compile needed");
    SourceCompiler.Compiled full = compiled(compiler.compileAll(() -> false).orElseThrow());
    full.classes()
        .forEach((name, bytes) -> assertArrayEquals(bytes, quick.classes().get(name), name));
  }

  @Test
  void changesOtherFilesCanSeeRecompileTheFilesThatNameTheClass() {
    project.write(
        "src/main/java/app/Level.java", "package app;\npublic enum Level { LOW, HIGH }\n");
    project.write(
        "src/main/java/app/Use.java",
        "package app;\nfinal class Use {\n"
            + "  static int of(Level l) { switch (l) { case LOW: return 1; default: return 2; } }\n"
            + "}\n");
    compiled(compiler.compile());
    for (String level :
        List.of(
            "public enum Level { HIGH, LOW }", // ordinals, which switches use
            "public enum Level { HIGH, LOW; public static final int MAX = 9; }", // a constant
            "public enum Level { HIGH, LOW; int rank() { return 1; } }", // a member
            "enum Level { HIGH, LOW; int rank() { return 1; } }", // the modifiers
            "enum Level { HIGH, LOW; static void of(int[] x) {} }",
            "enum Level { HIGH, LOW; static void of(int... x) {} }")) { // which calls compile
      project.write("src/main/java/app/Level.java", "package app;\n" + level + "\n");
      assertEquals(2, compiled(compiler.compile()).compiledCount(), level);
    }
  }

  @Test
  void savesThatEachAddAMethodOtherFilesCallCompileOneAfterAnother() throws Exception {
    // A compiler that kept what it knew of Words from an earlier save would miss the new method.
    compiled(compiler.compile());
    StringBuilder methods = new StringBuilder();
    for (String word : List.of("salut", "hallo", "ciao")) {
      methods.append("  public static String ").append(word).append("() { return \"");
      methods.append(word).append("\"; }\n");
      project.write(
          "src/main/java/app/Words.java",
          "package app;\npublic final class Words {\n"
              + "  public static final String HELLO = \"hello\";\n"
              + methods
              + "}\n");
      project.write(
          "src/main/java/app/Greeter.java",
          "package app;\npublic final class Greeter {\n"
              + "  public static String greet() { return Words."
              + word
              + "() + \"!\"; }\n}\n");
      assertEquals(word + "!", greet(compiled(compiler.compile()).classes()));
      project.write(
          "src/main/java/app/Alone.java",
          "package app;\npublic final class Alone {\n  String x = Words." + word + "();\n}\n");
      assertEquals(1, compiled(compiler.compile()).compiledCount(), "Alone, against the new Words");
    }
  }

  @Test
  void theTestsCompileInAReusedJavacContextAsTheServerDoes() {
    assertTrue(ReusedJavacContext.create().isPresent(), "surefire exports javac's packages");
  }

  @Test
  void nothingChangedCompilesNothing() {
    compiled(compiler.compile());
    assertEquals(0, compiled(compiler.compile()).compiledCount());
  }

  @Test
  void aPartialCompileMatchesAFullOne() {
    compiled(compiler.compile());
    project.write(
        "src/main/java/app/Alone.java", "package app;\npublic final class Alone {\n  long x;\n}\n");
    SourceCompiler.Compiled partial = compiled(compiler.compile());
    assertEquals(1, partial.compiledCount());
    SourceCompiler.Compiled full = compiled(compiler.compileAll(() -> false).orElseThrow());
    assertFalse(full.partial());
    assertEquals(full.classes().keySet(), partial.classes().keySet());
    full.classes()
        .forEach((name, bytes) -> assertArrayEquals(bytes, partial.classes().get(name), name));
  }

  @Test
  void anIdleFullCompileGivesUpWhenASaveComesIn() {
    assertTrue(compiler.compileAll(() -> true).isEmpty());
    assertEquals(4, compiled(compiler.compile()).compiledCount(), "the compiler still works");
  }

  @Test
  void deletingAFileFailsTheFilesThatUseIt() throws Exception {
    compiled(compiler.compile());
    Files.delete(dir.resolve("src/main/java/app/Words.java"));
    SourceCompiler.Failed failed =
        assertInstanceOf(SourceCompiler.Failed.class, compiler.compile());
    assertEquals(
        "src/main/java/app/Greeter.java".replace('/', File.separatorChar),
        failed.problems().get(0).file());
    assertTrue(failed.problems().get(0).message().contains("cannot find symbol"));
  }

  private static final String CLASS_PATH = System.getProperty("java.class.path");

  /** A compiler keeping its last good compile where the dev server keeps it. */
  private SourceCompiler withSnapshot(String classPath) {
    return new SourceCompiler(
        dir,
        dir.resolve("src/main/java"),
        classPath,
        Optional.of(dir.resolve("target/carafe/last-compile.bin")));
  }

  /** Compiles with a snapshot, as a server's run would, and keeps the result. */
  private Map<String, byte[]> runOnce() throws Exception {
    try (SourceCompiler run = withSnapshot(CLASS_PATH)) {
      Map<String, byte[]> classes = compiled(run.compile()).classes();
      run.save();
      return classes;
    }
  }

  @Test
  void aRestartWithUnchangedSourcesCompilesNothing() throws Exception {
    Map<String, byte[]> first = runOnce();
    try (SourceCompiler restarted = withSnapshot(CLASS_PATH)) {
      SourceCompiler.Compiled restored = compiled(restarted.compile());
      assertEquals(0, restored.compiledCount());
      assertEquals(0, restarted.compilations());
      assertFalse(restored.partial(), "the snapshot came from a full compile");
      assertEquals(first.keySet(), restored.classes().keySet());
      assertEquals("hello!", greet(restored.classes()));
    }
  }

  @Test
  void aRestartCompilesWhatChangedWhileTheServerWasStopped() throws Exception {
    runOnce();
    project.write(
        "src/main/java/app/Words.java",
        "package app;\npublic final class Words {\n"
            + "  public static final String HELLO = \"hej\";\n}\n");
    try (SourceCompiler restarted = withSnapshot(CLASS_PATH)) {
      SourceCompiler.Compiled partial = compiled(restarted.compile());
      assertEquals(2, partial.compiledCount(), "Words and Greeter, which inlined its constant");
      assertEquals("hej!", greet(partial.classes()));
    }
  }

  @Test
  void aRestartOnOtherLibrariesCompilesEverything() throws Exception {
    runOnce();
    Path library = Files.createDirectories(dir.resolve("library"));
    try (SourceCompiler restarted = withSnapshot(CLASS_PATH + File.pathSeparator + library)) {
      assertEquals(4, compiled(restarted.compile()).compiledCount());
    }
  }

  @Test
  void compileErrorsCarryTheLineAndTheCodeAroundIt() {
    project.write(
        "src/main/java/app/Alone.java", "package app;\npublic final class Alone {\n  int x\n}\n");
    SourceCompiler.Failed failed =
        assertInstanceOf(SourceCompiler.Failed.class, compiler.compile());
    CompileProblem problem = failed.problems().get(0);
    assertEquals(3, problem.line());
    assertTrue(problem.message().contains("';' expected"), problem.message());
    assertTrue(problem.excerpt().stream().anyMatch(l -> l.marked() && l.text().equals("  int x")));
  }
}
