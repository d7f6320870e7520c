package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's {@code pick_java} in pick-java.sh, as the launcher and run-dev.sh use it. */
class PickJavaTest {
  @TempDir Path tmp;
  private Path script;
  private Path jvmRoot;

  @BeforeEach
  void writeTheFunction() throws Exception {
    script = tmp.resolve("pick-java.sh");
    Files.writeString(script, Template.resource("pick-java.sh"));
    jvmRoot = Files.createDirectories(tmp.resolve("jvm"));
  }

  @Test
  void carafeJavaWinsOverEverything() throws Exception {
    Path jdk25 = JdkFolders.add(jvmRoot, "jdk-25", "25.0.1");
    Map<String, String> env = env();
    env.put("CARAFE_JAVA", "/opt/my/java");
    env.put("JAVA_HOME", jdk25.getParent().getParent().toString());
    assertEquals("/opt/my/java", pick(env));
  }

  @Test
  void javaHomeComesBeforeTheJvmFolder() throws Exception {
    JdkFolders.add(jvmRoot, "jdk-25", "25.0.1");
    Path jdk17 = JdkFolders.add(tmp.resolve("elsewhere"), "jdk-17", "17.0.9");
    Map<String, String> env = env();
    env.put("JAVA_HOME", jdk17.getParent().getParent().toString());
    assertEquals(jdk17.toString(), pick(env));
  }

  @Test
  void theNewestJdkFrom21UnderTheJvmFolderComesNext() throws Exception {
    JdkFolders.add(jvmRoot, "jdk-17", "17.0.9");
    Path jdk25 = JdkFolders.add(jvmRoot, "jdk-25", "25.0.1");
    JdkFolders.add(jvmRoot, "jdk-21", "21.0.5");
    Files.createDirectories(jvmRoot.resolve("jdk-99/bin")); // no release file, no java: skipped
    assertEquals(jdk25.toString(), pick(env()));
  }

  @Test
  void javaOnPathIsTheLastResort() throws Exception {
    JdkFolders.add(jvmRoot, "jdk-17", "17.0.9");
    JdkFolders.add(jvmRoot, "jdk-8", "1.8.0_402");
    assertEquals("java", pick(env()));
  }

  @Test
  void aJavaHomeWithoutJavaIsPassedOver() throws Exception {
    Path jdk21 = JdkFolders.add(jvmRoot, "jdk-21", "21.0.5");
    Map<String, String> env = env();
    env.put("JAVA_HOME", tmp.resolve("missing").toString());
    assertEquals(jdk21.toString(), pick(env));
  }

  private String pick(Map<String, String> env) throws Exception {
    Shell run =
        Shell.run(
            List.of(
                "bash",
                "-c",
                "set -euo pipefail; source \"$1\"; pick_java",
                "bash",
                script.toString()),
            env,
            tmp);
    assertEquals(0, run.code(), run.output());
    return run.output().strip();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("CARAFE_JAVA", "");
    env.put("JAVA_HOME", "");
    env.put("CARAFE_JVM_ROOT", jvmRoot.toString());
    return env;
  }
}
