package dev.carafe.prod;

import java.util.Optional;

/**
 * The exit codes of Carafe's master and workers, in one table (docs/guides/deployment.md lists the
 * same). Only {@link #CONFIG_ERROR} means a restart cannot help; 3 is left to the JVM, whose {@code
 * -XX:+ExitOnOutOfMemoryError} exits with it.
 */
final class ExitCodes {
  /** Stopped by a signal (TERM, INT). */
  static final int STOPPED = 0;

  /** The master itself failed (an I/O error, an exception). */
  static final int FAILED = 1;

  /** A configuration that cannot work, as for a command-line mistake. */
  static final int CONFIG_ERROR = 2;

  /** A worker ran out of memory: the JVM's own code for -XX:+ExitOnOutOfMemoryError. */
  static final int OUT_OF_MEMORY = 3;

  /** The app cannot boot (a worker said so), and no worker serves. */
  static final int BOOT_FAILED = 4;

  /** A worker cannot listen on the address (another program has it), and no worker serves. */
  static final int BIND_FAILED = 5;

  /** Another master already serves the address. */
  static final int ANOTHER_MASTER = 6;

  private ExitCodes() {}

  /** How a worker that exited with {@code code} before it was ready failed, if it says so. */
  static Optional<String> startFailure(int code, MasterState.Rules rules) {
    return switch (code) {
      case BOOT_FAILED -> Optional.of("could not boot");
      case BIND_FAILED -> Optional.of("could not listen on " + rules.address());
      case OUT_OF_MEMORY ->
          Optional.of("ran out of memory while booting (heap " + rules.heap() + ")");
      default -> Optional.empty();
    };
  }
}
