package dev.carafe.prod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether the JIT is compiling right now, read from the state of the JVM's compiler threads in
 * {@code /proc/self/task} (Linux). Where there is no such file system it never sees any.
 */
final class JitActivity {
  private static final Path TASKS = Path.of("/proc/self/task");
  // HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1", ...; the kernel keeps 15 chars.
  private static final String COMPILER = "CompilerThre";
  // The JVM starts and stops compiler threads as the queue grows and shrinks: look for new ones.
  private static final long RESCAN_NANOS = 100_000_000;

  private List<Path> compilers = List.of();
  private long scanned = System.nanoTime() - RESCAN_NANOS;

  /** True while a compiler thread is running or waiting for a CPU to run on. */
  boolean compiling() {
    long now = System.nanoTime();
    if (now - scanned >= RESCAN_NANOS) {
      compilers = scan();
      scanned = now;
    }
    for (Path stat : compilers) {
      if (runnable(stat)) {
        return true;
      }
    }
    return false;
  }

  /** The compiler threads running now. */
  static int compilerThreads() {
    return scan().size();
  }

  private static List<Path> scan() {
    try (Stream<Path> tasks = Files.list(TASKS)) {
      return tasks.filter(JitActivity::isCompiler).map(task -> task.resolve("stat")).toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  private static boolean isCompiler(Path task) {
    try {
      return Files.readString(task.resolve("comm")).startsWith(COMPILER, 3);
    } catch (IOException e) {
      return false; // the thread has ended
    }
  }

  /** The state letter follows the parenthesised name: R is running or runnable. */
  private static boolean runnable(Path stat) {
    try {
      String line = Files.readString(stat);
      int nameEnd = line.lastIndexOf(')');
      return nameEnd > 0 && nameEnd + 2 < line.length() && line.charAt(nameEnd + 2) == 'R';
    } catch (IOException e) {
      return false;
    }
  }
}
