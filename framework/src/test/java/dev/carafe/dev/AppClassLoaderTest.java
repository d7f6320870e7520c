package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppClassLoaderTest {
  @TempDir Path resources;

  /**
   * Flyway finds {@code db/migration} as a class path folder and lists it; a class path of folders
   * (a URLClassLoader) answers a folder's name with its URL, so the project's resources must too.
   */
  @Test
  void aResourceFolderIsFoundAndListsItsFiles() throws Exception {
    Files.createDirectories(resources.resolve("db/migration"));
    Files.writeString(resources.resolve("db/migration/V1__greetings.sql"), "SELECT 1;");
    AppClassLoader loader =
        new AppClassLoader("test", getClass().getClassLoader(), Map.of(), List.of(resources));

    URL folder = loader.getResource("db/migration");
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      assertEquals(
          List.of("V1__greetings.sql"), files.map(p -> p.getFileName().toString()).toList());
    }
    List<URL> all = Collections.list(loader.getResources("db/migration"));
    assertEquals(folder, all.get(0), "the project's folder comes before the libraries'");
    assertEquals(
        resources.resolve("db/migration/V1__greetings.sql").toUri().toURL(),
        loader.getResource("db/migration/V1__greetings.sql"));
    assertNull(loader.getResource("db/nothing-here"));
  }
}
