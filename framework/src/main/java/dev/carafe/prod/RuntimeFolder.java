package dev.carafe.prod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

  /** Removes a folder and what it holds, as far as possible. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // nothing there, or a file in use: what is left is for the OS or the next attempt
    }
  }
}
