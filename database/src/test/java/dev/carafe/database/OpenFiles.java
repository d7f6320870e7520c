package dev.carafe.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How many files this process holds open at a path, read from {@code /proc/self/fd}: every SQLite
 * connection keeps its database file open, so this counts the connections to it, whoever opened
 * them.
 */
final class OpenFiles {
  private OpenFiles() {}

  static long at(Path file) throws IOException {
    Path target = file.toRealPath();
    try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
      return descriptors
          .filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException gone) {
                  return false; // closed meanwhile, or the listing's own descriptor
                }
              })
          .count();
    }
  }
}
