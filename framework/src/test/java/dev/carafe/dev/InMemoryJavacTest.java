package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InMemoryJavacTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve("src/app").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /**
   * Both ways the server compiles: in javac's kept context, and with a fresh compiler each time.
   */
  @ParameterizedTest(name = "javac context kept: {0}")
  @ValueSource(booleans = {true, false})
  void aFileCompilesAgainstTheClassesOfTheCompileBefore(boolean keepContext) throws Exception {
    Optional<ReusedJavacContext> context =
        keepContext ? ReusedJavacContext.create() : Optional.empty();
    assertEquals(keepContext, context.isPresent(), "surefire exports javac's packages");
    try (InMemoryJavac javac =
        new InMemoryJavac(dir, System.getProperty("java.class.path"), context)) {
      Path words = write("Words.java", "package app;\npublic class Words { static int n = 1; }\n");
      Path user = write("User.java", "package app;\nclass User { int n = Words.n; }\n");
      InMemoryJavac.Output first = javac.compile(Set.of(words, user), Map.of(), () -> false);
      assertFalse(first.failed(), first.problems().toString());
      Map<String, byte[]> kept = new HashMap<>(first.classes());
      kept.remove("app.Words");
      write("Words.java", "package app;\npublic class Words { static int m = 2; }\n");
      InMemoryJavac.Output second = javac.compile(Set.of(words), kept, () -> false);
      assertFalse(second.failed(), second.problems().toString());
      kept.putAll(second.classes());
      kept.remove("app.User");
      InMemoryJavac.Output broken = javac.compile(Set.of(user), kept, () -> false);
      assertTrue(broken.failed(), "User still names the field Words no longer has");
      assertTrue(broken.problems().get(0).message().contains("cannot find symbol"));
    }
  }
}
