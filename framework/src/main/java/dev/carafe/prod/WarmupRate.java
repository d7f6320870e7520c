package dev.carafe.prod;

import java.util.Arrays;

/**
 * The warm-up's throughput, measured in windows of the time its requests were let through (time
 * held for the JIT does not count: it says how busy the compiler is, not how fast the code is). The
 * rate is the median of the last windows, so that one lucky or starved window moves nothing. Free
 * of clocks: the warm-up feeds it times and counts.
 */
final class WarmupRate {
  /** Windows the rate is the median of. */
  static final int WINDOWS = 3;

  private final long windowNanos;
  private final double[] recent = new double[WINDOWS];
  private int windows;
  private long windowFinished;
  private long windowActive;

  /** A meter whose windows last {@code windowNanos} of time the requests were let through. */
  WarmupRate(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /**
   * Counts {@code activeNanos} more of time the requests were let through, after which {@code
   * finished} requests are done in all.
   */
  void add(long activeNanos, long finished) {
    windowActive += activeNanos;
    if (windowActive >= windowNanos) {
      recent[windows++ % WINDOWS] = (finished - windowFinished) * 1e9 / windowActive;
      windowFinished = finished;
      windowActive = 0;
    }
  }

  /** Requests per second: the median of the last {@value #WINDOWS} windows; 0 before them. */
  double rate() {
    if (windows < WINDOWS) {
      return 0;
    }
    double[] sorted = recent.clone();
    Arrays.sort(sorted);
    return sorted[WINDOWS / 2];
  }
}
