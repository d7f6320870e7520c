package dev.carafe.dev;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The app the server delegates to, and whether requests may reach it. While a reload is under way
 * requests wait here, then go to the new generation; requests already inside finish on the one they
 * started with, which is closed after them.
 */
final class AppSlot {
  /** STARTING and RELOADING hold requests back; SERVING and BROKEN let them through. */
  enum Phase {
    STARTING,
    SERVING,
    RELOADING,
    BROKEN,
    STOPPED
  }

  /** What requests see: an app to serve, or a problem to show. */
  record State(Phase phase, Optional<LoadedApp> app, Problem problem) {
    boolean isSettled() {
      return phase != Phase.STARTING && phase != Phase.RELOADING;
    }
  }

  /** Why the app cannot serve: compile errors, or its factory failed. Strings only. */
  record Problem(List<CompileProblem> compileErrors, Optional<ExceptionReport> loadFailure) {
    static final Problem NONE = new Problem(List.of(), Optional.empty());
  }

  private final AtomicReference<State> state =
      new AtomicReference<>(new State(Phase.STARTING, Optional.empty(), Problem.NONE));
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settled = lock.newCondition();

  State current() {
    return state.get();
  }

  /** Holds new requests back until {@link #serve} or {@link #broken}. */
  void reloading() {
    state.updateAndGet(
        s ->
            s.phase() == Phase.SERVING || s.phase() == Phase.BROKEN
                ? new State(Phase.RELOADING, s.app(), s.problem())
                : s);
  }

  /** Requests go to {@code app} from now on. */
  void serve(LoadedApp app) {
    settle(new State(Phase.SERVING, Optional.of(app), Problem.NONE));
  }

  /** Requests see {@code problem} until the next successful reload. */
  void broken(Problem problem) {
    settle(new State(Phase.BROKEN, Optional.empty(), problem));
  }

  /** Lets requests through again without a change (the reload turned out to be unneeded). */
  void resume() {
    State s = state.get();
    if (s.phase() == Phase.RELOADING) {
      settle(new State(s.app().isPresent() ? Phase.SERVING : Phase.BROKEN, s.app(), s.problem()));
    }
  }

  void stop() {
    settle(new State(Phase.STOPPED, Optional.empty(), Problem.NONE));
  }

  /**
   * Moves to {@code next}. The generation it no longer holds is retired: closed once the requests
   * running on it are done (so is one that arrives after the stop, which nothing will serve).
   */
  private void settle(State next) {
    Optional<LoadedApp> dropped;
    lock.lock();
    try {
      State previous = state.get();
      if (previous.phase() != Phase.STOPPED) {
        state.set(next);
        dropped = previous.app().filter(app -> next.app().orElse(null) != app);
      } else {
        dropped = next.app();
      }
      settled.signalAll();
    } finally {
      lock.unlock();
    }
    dropped.ifPresent(LoadedApp::retire);
  }

  /** Waits until requests may go through, at most {@code timeout}; returns the state then. */
  State awaitSettled(Duration timeout) throws InterruptedException {
    State s = state.get();
    if (s.isSettled()) {
      return s;
    }
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (!(s = state.get()).isSettled() && left > 0) {
        left = settled.awaitNanos(left);
      }
      return s;
    } finally {
      lock.unlock();
    }
  }
}
