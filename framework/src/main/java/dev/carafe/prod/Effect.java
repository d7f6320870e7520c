package dev.carafe.prod;

import java.util.Locale;

/** What the master's decisions ({@link Supervisor#next}) ask the {@link Arbiter} to do. */
sealed interface Effect {
  /** Start worker {@code worker} of {@code generation}; answered by {@link Event.Started}. */
  record Spawn(int worker, int generation) implements Effect {}

  /** Send a signal (TERM, INT or KILL) to a worker. */
  record Signal(int worker, String name) implements Effect {}

  /**
   * Copy the class path aside for {@code generation}; answered by {@link Event.ReleaseTaken} or
   * {@link Event.ReleaseFailed}.
   */
  record TakeRelease(int generation) implements Effect {}

  /** Start the bundled nginx in front of the workers (with_nginx). */
  record StartNginx() implements Effect {}

  /**
   * Record the AOT cache of {@code generation}'s build if it is missing, in a worker numbered
   * {@code worker}; answered by {@link Event.RecorderStarted} when a recorder starts.
   */
  record RecordAotCache(int worker, int generation) implements Effect {}

  /** Write a line to the master's log. */
  record Log(Level level, String message) implements Effect {
    static Log of(Level level, String format, Object... arguments) {
      return new Log(level, String.format(Locale.ROOT, format, arguments));
    }
  }

  /** The master is done: exit with this code. */
  record Exit(int code) implements Effect {}

  /** How loud a {@link Log} line is. */
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }
}
