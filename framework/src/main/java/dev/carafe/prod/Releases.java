package dev.carafe.prod;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the application's own class path entries (build outputs, not the immutable jars of the
 * Maven repository) before each generation of workers starts, so a rebuild between HUPs is picked
 * up by new workers and never changes a jar under a running one.
 */
final class Releases {
  private final List<Path> entries = new ArrayList<>();
  private final List<Path> made = new ArrayList<>();

  Releases(String classpath) {
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry).toAbsolutePath());
      }
    }
  }

  /** A class path for a new generation: build outputs copied, library jars as they are. */
  String snapshot(int generation) throws IOException {
    Path dir = Files.createTempDirectory("carafe-release-" + generation + "-");
    made.add(dir);
    List<String> out = new ArrayList<>();
    int i = 0;
    for (Path entry : entries) {
      if (!Files.exists(entry) || isLibrary(entry)) {
        out.add(entry.toString());
        continue;
      }
      Path copy = dir.resolve(i++ + "-" + entry.getFileName());
      copy(entry, copy);
      out.add(copy.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  /** Jars in a Maven or Gradle cache never change in place. */
  private static boolean isLibrary(Path entry) {
    String text = entry.toString().replace('\\', '/');
    return text.contains("/.m2/repository/") || text.contains("/.gradle/caches/");
  }

  private static void copy(Path from, Path to) throws IOException {
    if (Files.isDirectory(from)) {
      try (Stream<Path> tree = Files.walk(from)) {
        for (Path source : (Iterable<Path>) tree::iterator) {
          Path target = to.resolve(from.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } else {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  void removeAll() {
    for (Path dir : made) {
      try (Stream<Path> tree = Files.walk(dir)) {
        tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp folder left behind is harmless
      }
    }
  }
}
