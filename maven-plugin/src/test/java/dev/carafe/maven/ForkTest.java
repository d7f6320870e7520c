package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkTest {
  @TempDir Path tmp;

  @Test
  void theChildsExitCodeAndLinesComeBack() throws Exception {
    List<String> lines = new ArrayList<>();
    int code =
        Fork.run(new ProcessBuilder("sh", "-c", "echo one; echo two >&2; exit 3"), lines::add);
    assertEquals(3, code);
    assertEquals(List.of("one", "two"), lines);
  }

  @Test
  void aGoalFailsWithTheChildsExitCodeAndRunsItInTheProjectFolder() throws Exception {
    Goal goal = new Goal(tmp);
    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () -> goal.fork("The server", List.of("sh", "-c", "exit 3"), Map.of()));
    assertEquals("The server exited with code 3", e.getMessage());
    goal.fork(
        "The check",
        List.of(
            "sh",
            "-c",
            "[ \"$PWD\" = \"$1\" ] && [ \"$X\" = y ]",
            "sh",
            tmp.toRealPath().toString()),
        Map.of("X", "y"));
  }

  @Test
  void aServerStoppedByCtrlCOrKillHasStoppedAsAskedButOtherCodesFail() throws Exception {
    Goal goal = new Goal(tmp);
    goal.serve("The server", List.of("sh", "-c", "exit 130"), Map.of());
    goal.serve("The server", List.of("sh", "-c", "kill -TERM $$"), Map.of());
    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () -> goal.serve("The server", List.of("sh", "-c", "exit 1"), Map.of()));
    assertEquals("The server exited with code 1", e.getMessage());
  }

  @Test
  void argumentsSplitAtWhiteSpace() {
    assertEquals(List.of("init-db", "--force"), CarafeMojo.words("  init-db \t --force "));
    assertTrue(CarafeMojo.words(" ").isEmpty());
    assertTrue(CarafeMojo.words(null).isEmpty());
  }

  /** A goal in a project whose folder is {@code basedir}. */
  private static final class Goal extends CarafeMojo {
    Goal(Path basedir) {
      project = new MavenProject();
      project.setFile(new File(basedir.toFile(), "pom.xml"));
    }

    @Override
    public void execute() {}
  }
}
