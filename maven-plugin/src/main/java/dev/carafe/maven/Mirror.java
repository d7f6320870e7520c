package dev.carafe.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Makes a folder hold exactly a given set of files. Only files whose size or modification time
 * differ are copied, and modification times are kept: a running master that re-reads lib/ on HUP,
 * and an AOT cache that names jars by size and time, see unchanged jars as unchanged.
 */
final class Mirror {
  private Mirror() {}

  /**
   * Makes {@code folder} hold the files of {@code files} (relative path, with '/', to source) and
   * nothing else.
   */
  static void sync(Map<String, Path> files, Path folder) throws IOException {
    Files.createDirectories(folder);
    for (Map.Entry<String, Path> file : files.entrySet()) {
      Path target = folder.resolve(file.getKey());
      if (!sameFile(file.getValue(), target)) {
        AtomicFile.copy(file.getValue(), target);
      }
    }
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      paths
          .filter(p -> !p.equals(folder))
          .filter(p -> !isKept(folder, p, files))
          .sorted(Comparator.reverseOrder()) // a folder's files before the folder
          .forEach(stale::add);
    }
    for (Path path : stale) {
      Files.delete(path);
    }
  }

  /** Every regular file under {@code folder}, by its path relative to it (with '/'). */
  static Map<String, Path> tree(Path folder) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.filter(Files::isRegularFile).forEach(p -> files.put(relative(folder, p), p));
    }
    return files;
  }

  private static boolean isKept(Path folder, Path path, Map<String, Path> files) {
    String name = relative(folder, path);
    if (Files.isDirectory(path)) {
      String prefix = name + "/";
      return files.keySet().stream().anyMatch(f -> f.startsWith(prefix));
    }
    return files.containsKey(name);
  }

  private static boolean sameFile(Path source, Path target) throws IOException {
    if (!Files.isRegularFile(target)) {
      return false;
    }
    BasicFileAttributes a = Files.readAttributes(source, BasicFileAttributes.class);
    BasicFileAttributes b = Files.readAttributes(target, BasicFileAttributes.class);
    return a.size() == b.size() && a.lastModifiedTime().equals(b.lastModifiedTime());
  }

  private static String relative(Path folder, Path path) {
    return folder.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }
}
