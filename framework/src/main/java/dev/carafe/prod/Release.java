package dev.carafe.prod;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path a generation of workers runs from, copied aside when the generation starts.
 *
 * <p>A build rewrites jars in place, and a JVM that has a jar open reads garbage when it loads a
 * class or resource after that. Workers therefore run from copies: a HUP after a rebuild starts the
 * new workers on the new jars while the old workers keep reading their own copies. Copies are named
 * by path, size and modification time, so an unchanged jar is copied only once.
 */
record Release(int number, String classPath) {

  /** Copies the jars of {@code entries} into {@code store} and returns the class path of copies. */
  static Release snapshot(int number, List<String> entries, Path store) throws IOException {
    Files.createDirectories(store);
    List<String> copies = new ArrayList<>();
    for (String entry : entries) {
      Path path = Path.of(entry).toAbsolutePath();
      if (!Files.isRegularFile(path) || isMavenRelease(path)) {
        copies.add(path.toString()); // a classes folder, or a jar nobody rewrites
        continue;
      }
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      String key =
          Integer.toHexString(path.toString().hashCode())
              + "-"
              + Long.toHexString(attributes.size())
              + "-"
              + Long.toHexString(attributes.lastModifiedTime().toMillis());
      Path copy = store.resolve(key + "-" + path.getFileName());
      if (!Files.exists(copy)) {
        Path partial = store.resolve(copy.getFileName() + ".part");
        Files.copy(path, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
      }
      copies.add(copy.toString());
    }
    return new Release(number, String.join(File.pathSeparator, copies));
  }

  private static boolean isMavenRelease(Path jar) {
    String text = jar.toString().replace(File.separatorChar, '/');
    return text.contains("/.m2/repository/") && !text.contains("-SNAPSHOT");
  }

  /** The entries of a class path string, without empty ones. */
  static List<String> entries(String classPath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    return entries;
  }
}
