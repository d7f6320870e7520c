package dev.carafe.prod;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The class path a generation of workers runs from, copied aside when the generation starts.
 *
 * <p>A build rewrites jars in place, and a JVM that has a jar open reads garbage when it loads a
 * class or resource after that. Workers therefore run from copies: a HUP after a rebuild starts the
 * new workers on the new jars while the old workers keep reading their own copies. Copies are named
 * by the jar's file name, size and modification time, so an unchanged jar is copied only once, and
 * the same jars unpacked in another folder get the same names (an AOT cache recorded when the app
 * was packaged names its jars that way).
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
      Path copy = store.resolve(copyName(path.getFileName().toString(), attributes));
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

  /**
   * The name of a jar's copy: its size, modification time and file name. Nothing about the folder
   * it came from, so a package unpacked anywhere names its copies alike. The time is in whole
   * seconds, as tar keeps it and as the JVM checks a cached jar's time.
   */
  static String copyName(String fileName, BasicFileAttributes attributes) {
    return Long.toHexString(attributes.size())
        + "-"
        + Long.toHexString(attributes.lastModifiedTime().to(TimeUnit.SECONDS))
        + "-"
        + fileName;
  }

  /**
   * What a generation runs from: the jars in the launcher's lib folder ({@code lib}) sorted by
   * name, listed anew at each call so that a rebuilt package's new jars join at the next HUP, else
   * the entries of {@code javaClassPath}; then the entries of {@code extra} (the classpath
   * setting).
   */
  static List<String> sources(Optional<Path> lib, String javaClassPath, String extra)
      throws IOException {
    List<String> sources = new ArrayList<>();
    if (lib.isPresent()) {
      try (Stream<Path> files = Files.list(lib.get())) {
        files
            .filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
            .map(f -> f.toAbsolutePath().toString())
            .sorted()
            .forEach(sources::add);
      }
      if (sources.isEmpty()) {
        throw new IOException("no jars in " + lib.get() + " (-D" + Home.LIB_PROPERTY + ")");
      }
    } else {
      sources.addAll(entries(javaClassPath));
    }
    sources.addAll(entries(extra));
    return sources;
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
