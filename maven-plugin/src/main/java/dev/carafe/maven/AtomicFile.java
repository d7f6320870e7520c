package dev.carafe.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file by renaming a finished copy over it: a server reading the packaged folder while a
 * build rewrites it sees the old file or the new one, never half of one.
 */
final class AtomicFile {
  private AtomicFile() {}

  /** Writes {@code text} to {@code file} with {@code permissions} such as {@code rw-r--r--}. */
  static void write(Path file, String text, String permissions) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8), permissions);
  }

  /** Writes {@code bytes} to {@code file} with {@code permissions} such as {@code rw-r--r--}. */
  static void write(Path file, byte[] bytes, String permissions) throws IOException {
    Files.createDirectories(file.getParent());
    Path partial = partial(file);
    Files.write(partial, bytes);
    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString(permissions));
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Copies {@code source} to {@code file}, its modification time and permissions kept. */
  static void copy(Path source, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path partial = partial(file);
    Files.deleteIfExists(partial); // left by a build that was stopped halfway
    Files.copy(source, partial, StandardCopyOption.COPY_ATTRIBUTES);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }

  // A dot name: the launcher's lib/* class path and nginx's static/ never pick it up.
  private static Path partial(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".part");
  }
}
