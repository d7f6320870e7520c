package dev.carafe.prod;

import java.time.Duration;

/**
 * When a worker that served a good many requests since its last full collection has been quiet long
 * enough to run one. The serial collector gives heap back to the OS only at a full collection, and
 * a quiet worker never runs one: without this, a burst of large bodies left a worker's RSS up for
 * good. Quiet allows the odd request (a load balancer's health checks), not a waiting one.
 */
final class IdleCollection {
  /** At most this many requests in the quiet period, and more than this since the collection. */
  static final int FEW = 100;

  private final long quietNanos;
  private long quietSince;
  private long finishedWhenQuiet;
  private long finishedAtCollection;

  IdleCollection(Duration quiet) {
    this.quietNanos = quiet.toNanos();
  }

  /** Called with the pool's progress at each heartbeat; true when a collection is due now. */
  boolean due(Progress progress, long nowNanos) {
    if (progress.waiting() > 0 || progress.finished() - finishedWhenQuiet > FEW) {
      quietSince = nowNanos;
      finishedWhenQuiet = progress.finished();
      return false;
    }
    if (nowNanos - quietSince < quietNanos || progress.finished() - finishedAtCollection <= FEW) {
      return false;
    }
    finishedAtCollection = progress.finished();
    return true;
  }
}
