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
