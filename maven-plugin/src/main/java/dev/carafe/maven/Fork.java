package dev.carafe.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child process run to its end: on Maven's console, or line by line into a consumer. If Maven
 * stops first (Ctrl-C), the child is stopped with it rather than left running without a console.
 */
final class Fork {
  /** How long a stopping child may take (a master drains its workers) before it is killed. */
  private static final long STOP_SECONDS = 30;

  private Fork() {}

  /** Runs {@code builder}'s process on Maven's console and returns its exit code. */
  static int run(ProcessBuilder builder) throws IOException, InterruptedException {
    return waitFor(builder.inheritIO().start());
  }

  /**
   * Runs {@code builder}'s process, hands each line it prints (standard output and error) to {@code
   * lines}, and returns its exit code.
   */
  static int run(ProcessBuilder builder, Consumer<String> lines)
      throws IOException, InterruptedException {
    Process process = builder.redirectErrorStream(true).start();
    Thread hook = stopWithMaven(process);
    process.getOutputStream().close(); // nothing to read: end of input at once
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.accept(line);
      }
      return process.waitFor();
    } finally {
      release(process, hook);
    }
  }

  private static int waitFor(Process process) throws InterruptedException {
    Thread hook = stopWithMaven(process);
    try {
      return process.waitFor();
    } finally {
      release(process, hook);
    }
  }

  private static Thread stopWithMaven(Process process) {
    Thread hook = new Thread(() -> stop(process), "carafe-stop-" + process.pid());
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** Stops the child if it still runs (Maven was interrupted) and drops the shutdown hook. */
  private static void release(Process process, Thread hook) {
    if (process.isAlive()) {
      stop(process);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Maven is shutting down: the hook runs, and finds the child gone.
    }
  }

  // TERM first: a dev server closes its port, a master drains its workers.
  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
