package dev.carafe.prod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The master's pid file ({@code --pid}): written at start, removed at exit if still its own. */
final class PidFile {
  private final Path file;

  private PidFile(Path file) {
    this.file = file;
  }

  /** Writes this process's pid to {@code file}, creating its folder if needed. */
  static PidFile write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, pid() + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the pid file " + file, e);
    }
    return new PidFile(file);
  }

  /** Removes the file unless another master has written its own pid there since. */
  void remove() {
    try {
      if (Files.readString(file).trim().equals(pid())) {
        Files.delete(file);
      }
    } catch (IOException ignored) {
      // already gone or replaced by another master
    }
  }

  private static String pid() {
    return String.valueOf(ProcessHandle.current().pid());
  }
}
