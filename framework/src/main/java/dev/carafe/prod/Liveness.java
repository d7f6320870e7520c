package dev.carafe.prod;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the master knows of a worker's health: when it last heard from it, and when its request pool
 * last showed progress ({@link Progress}). A worker is killed when it falls silent (a frozen JVM, a
 * stopped process) or when its pool is wedged: requests wait for a thread and none finishes. A pool
 * busy with slow requests is neither, as long as the requests finish.
 */
record Liveness(long heardNanos, long movedNanos, Progress progress) {
  static Liveness since(long now) {
    return new Liveness(now, now, Progress.NONE);
  }

  /** The worker said something: it is alive. */
  Liveness heard(long now) {
    return new Liveness(now, movedNanos, progress);
  }

  /** A heartbeat: the pool moved if a request finished since the last one or none waits. */
  Liveness beat(Progress next, long now) {
    boolean moved = next.finished() != progress.finished() || next.waiting() == 0;
    return new Liveness(now, moved ? now : movedNanos, next);
  }

  /** Why the worker should be killed at {@code now}, if it should. */
  Optional<String> verdict(long now, Duration timeout) {
    long limit = timeout.toNanos();
    if (now - heardNanos > limit) {
      return Optional.of(
          String.format(
              Locale.ROOT, "sent no heartbeat for %d s (timeout)", seconds(now, heardNanos)));
    }
    // Judged on the last beat alone: between beats, other messages (ready, recycle) refresh only
    // heardNanos, and a worker that then falls silent is silent, not stuck.
    if (progress.waiting() > 0 && now - movedNanos > limit) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "is stuck: no request finished for %d s (timeout) while work waited for a thread"
                  + " (%d running, %d waiting)",
              seconds(now, movedNanos),
              progress.running(),
              progress.waiting()));
    }
    return Optional.empty();
  }

  private static long seconds(long now, long since) {
    return TimeUnit.NANOSECONDS.toSeconds(now - since);
  }
}
