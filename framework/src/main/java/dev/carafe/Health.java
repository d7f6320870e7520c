package dev.carafe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness behind {@code /healthz} and {@code /readyz}. A server marks the app {@link
 * State#READY} once it serves and {@link State#DRAINING} before it stops; apps add readiness checks
 * (the database answers, a cache is warm).
 */
public final class Health {
  /** The serving state; transitions are one-way except STARTING to READY. */
  public enum State {
    STARTING,
    READY,
    DRAINING
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

  Health() {}

  public State state() {
    return state.get();
  }

  /** Marks the app ready to take traffic (unless it is already draining). */
  public void ready() {
    state.compareAndSet(State.STARTING, State.READY);
  }

  /** Marks the app as draining: {@code /readyz} answers 503 so balancers stop sending work. */
  public void draining() {
    state.set(State.DRAINING);
  }

  /** Adds a readiness check; a check that throws counts as failing. */
  public Health check(String name, BooleanSupplier check) {
    synchronized (checks) {
      checks.put(name, check);
    }
    return this;
  }

  /** Runs the checks: name to pass/fail, in registration order. */
  public Map<String, Boolean> runChecks() {
    Map<String, Boolean> results = new LinkedHashMap<>();
    synchronized (checks) {
      checks.forEach(
          (name, check) -> {
            boolean ok;
            try {
              ok = check.getAsBoolean();
            } catch (RuntimeException e) {
              ok = false;
            }
            results.put(name, ok);
          });
    }
    return results;
  }
}
