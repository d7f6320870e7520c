package dev.carafe.dev;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test app's views share with the test across class loaders (it lives in the loader that
 * outlasts app generations): views wait here for the test's go-ahead, and count how many of them
 * run app code at once.
 */
public final class ViewGate {
  private static final Semaphore GO = new Semaphore(0);
  private static final AtomicInteger INSIDE = new AtomicInteger();
  private static final AtomicInteger MOST = new AtomicInteger();

  private ViewGate() {}

  /** Waits for the test's go-ahead; bounded, so a test that never gives it still ends. */
  public static void await() throws InterruptedException {
    if (!GO.tryAcquire(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The test never let the view go on.");
    }
  }

  /** A view starts running app code. */
  public static void enter() {
    MOST.accumulateAndGet(INSIDE.incrementAndGet(), Math::max);
  }

  /** A view is done. */
  public static void leave() {
    INSIDE.decrementAndGet();
  }

  /** The most views that ran at once. */
  public static int most() {
    return MOST.get();
  }

  /** Lets one waiting view go on. */
  static void open() {
    GO.release();
  }

  /** Views running now. */
  static int inside() {
    return INSIDE.get();
  }

  static void reset() {
    GO.drainPermits();
    INSIDE.set(0);
    MOST.set(0);
  }
}
