package dev.carafe.prod;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The master's private folder for the class path copies of each generation, named after its pid and
 * removed when it exits; folders left by masters that were killed outright are removed when the
 * next one starts.
 */
final class RuntimeFolder {
  private static final String PREFIX = "carafe-master-";

  private RuntimeFolder() {}

  /** Creates this master's folder in the temporary folder, removing those of dead masters. */
  static Path create() throws IOException {
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> entries = Files.list(temp)) {
      entries
          .filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+-\\d+"))
          .filter(p -> ProcessHandle.of(ownerPid(p)).isEmpty())
          .forEach(RuntimeFolder::deleteTree);
    }
    return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
  }

  private static long ownerPid(Path folder) {
    return Long.parseLong(folder.getFileName().toString().substring(PREFIX.length()).split("-")[0]);
  }

  /**
   * Removes a folder and what it holds, as far as possible. Two masters starting together may clean
   * the same dead master's folder at once, so a file that vanishes under the walk is no error.
   */
  static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              file.toFile().delete();
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              dir.toFile().delete();
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // what is left is for the OS or the next master
    }
  }
}
