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
 *
 * <p>With an {@link AotCache}, released jars from a Maven repository join the copies too (as hard
 * links where the file system allows), and copies keep their jar's modification time: the JVM
 * accepts a cache recorded by another master only when the class path moved as a whole and every
 * jar is the one it recorded.
 */
record Release(int number, String classPath) {

  /**
   * Copies the jars of {@code entries} into {@code store} and returns the class path of copies;
   * {@code whole} puts released jars there too.
   */
  static Release snapshot(int number, List<String> entries, Path store, boolean whole)
      throws IOException {
    Files.createDirectories(store);
    List<String> copies = new ArrayList<>();
    for (String entry : entries) {
      Path path = Path.of(entry).toAbsolutePath();
      boolean released = isMavenRelease(path);
      if (!Files.isRegularFile(path) || (released && !whole)) {
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
        Files.deleteIfExists(partial);
        if (!released || !link(partial, path)) {
          Files.copy(path, partial, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
      }
      copies.add(copy.toString());
    }
    return new Release(number, String.join(File.pathSeparator, copies));
  }

  /** Links a jar nobody rewrites instead of copying it; false where links are not possible. */
  private static boolean link(Path link, Path jar) {
    try {
      Files.createLink(link, jar);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false; // another file system, or links not supported: copy
    }
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
