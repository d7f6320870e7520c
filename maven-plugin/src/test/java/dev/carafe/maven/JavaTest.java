package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's choice of java, which follows the launcher's. */
class JavaTest {
  @TempDir Path tmp;

  @Test
  void aConfiguredJdkFolderOrExecutableWins() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("jvm"));
    JdkFolders.add(root, "jdk-25", "25.0.1");
    Path jdk21 = JdkFolders.add(tmp.resolve("opt"), "jdk-21", "21.0.5");
    Path home21 = jdk21.getParent().getParent();
    Java byFolder = Java.choose(Optional.of(home21.toString()), Optional.empty(), root, tmp);
    assertEquals(new Java(jdk21, OptionalInt.of(21)), byFolder);
    Java byFile = Java.choose(Optional.of(jdk21.toString()), Optional.empty(), root, tmp);
    assertEquals(new Java(jdk21, OptionalInt.of(21)), byFile);
  }

  @Test
  void aConfiguredJavaThatIsNoneFailsNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Java.choose(Optional.of("/no/such/java"), Optional.empty(), tmp, tmp));
    assertTrue(e.getMessage().contains("-Dcarafe.java"), e.getMessage());
  }

  @Test
  void javaHomeComesBeforeTheJvmFolder() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("jvm"));
    JdkFolders.add(root, "jdk-25", "25.0.1");
    Path jdk17 = JdkFolders.add(tmp.resolve("opt"), "jdk-17", "17.0.9");
    Java java =
        Java.choose(
            Optional.empty(), Optional.of(jdk17.getParent().getParent().toString()), root, tmp);
    assertEquals(new Java(jdk17, OptionalInt.of(17)), java);
  }

  @Test
  void theNewestJdkFrom21UnderTheJvmFolderComesNext() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("jvm"));
    JdkFolders.add(root, "jdk-17", "17.0.9");
    Path jdk25 = JdkFolders.add(root, "jdk-25", "25.0.1");
    JdkFolders.add(root, "jdk-21", "21.0.5");
    Files.createDirectories(root.resolve("jdk-99/bin"));
    assertEquals(
        new Java(jdk25, OptionalInt.of(25)),
        Java.choose(Optional.empty(), Optional.of(""), root, tmp));
  }

  @Test
  void mavensOwnJavaIsTheLastResort() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("jvm"));
    JdkFolders.add(root, "jdk-17", "17.0.9");
    Path running = JdkFolders.add(tmp.resolve("maven"), "jdk-17", "17.0.2");
    assertEquals(
        new Java(running, OptionalInt.of(17)),
        Java.choose(Optional.empty(), Optional.empty(), root, running.getParent().getParent()));
  }

  @Test
  void theVersionIsReadThroughLinksAndOldStyleNumbers() throws Exception {
    Path java8 = JdkFolders.add(tmp, "jdk-8", "1.8.0_402");
    Path link = Files.createSymbolicLink(tmp.resolve("java"), java8);
    assertEquals(OptionalInt.of(8), Java.of(link).feature());
    assertEquals(OptionalInt.empty(), Java.of(tmp.resolve("nowhere/bin/java")).feature());
  }
}
