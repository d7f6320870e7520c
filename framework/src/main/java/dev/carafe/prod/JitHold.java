package dev.carafe.prod;

/**
 * Whether the JIT has held the warm-up's requests for so long on end that the warm-up is not
 * progressing: every look saw a compiler thread wanting the CPU and no request finished. On a core
 * shared with serving workers the JIT's backlog from start-up can outlast the whole warm-up, which
 * then sends nothing and only delays serving; the JIT goes on compiling once the worker serves.
 * Free of clocks: the warm-up feeds it its looks.
 */
final class JitHold {
  private final long patienceNanos;
  private boolean holding;
  private long since;
  private long finishedThen;

  /** A hold that becomes a stall after {@code patienceNanos}; never when that is 0. */
  JitHold(long patienceNanos) {
    this.patienceNanos = patienceNanos;
  }

  /**
   * One look at {@code now}: whether a compiler thread wants the CPU, and the requests finished so
   * far. Returns true once the requests have been held, with none finishing, for the patience.
   */
  boolean stalled(boolean compiling, long finished, long now) {
    if (!compiling || finished != finishedThen) {
      holding = false;
      finishedThen = finished;
      return false;
    }
    if (!holding) {
      holding = true;
      since = now;
    }
    return patienceNanos > 0 && now - since >= patienceNanos;
  }
}
