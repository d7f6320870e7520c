package dev.carafe.dev;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gathers a burst of events into one batch: the batch is ready once no new event came for the quiet
 * period, or once the first event is {@code maxDelay} old (so a constant trickle cannot postpone it
 * forever). Times are plain nanosecond readings so tests need no clock.
 */
final class Debouncer<T> {
  private final long quietNanos;
  private final long maxDelayNanos;
  private final Set<T> pending = new LinkedHashSet<>();
  private long firstAt;
  private long lastAt;

  Debouncer(long quietNanos, long maxDelayNanos) {
    this.quietNanos = quietNanos;
    this.maxDelayNanos = maxDelayNanos;
  }

  void add(T item, long now) {
    if (pending.isEmpty()) {
      firstAt = now;
    }
    lastAt = now;
    pending.add(item);
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Nanoseconds until the batch is ready; zero or less means drain it now. */
  long nanosUntilReady(long now) {
    if (pending.isEmpty()) {
      return Long.MAX_VALUE;
    }
    return Math.min(lastAt + quietNanos, firstAt + maxDelayNanos) - now;
  }

  /** The batch in arrival order, duplicates removed; the debouncer starts over. */
  List<T> drain() {
    List<T> batch = new ArrayList<>(pending);
    pending.clear();
    return batch;
  }
}
