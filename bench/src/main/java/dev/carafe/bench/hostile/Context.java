package dev.carafe.bench.hostile;

import java.time.Duration;

/**
 * What an attack runs with.
 *
 * @param budget the longest the attack may keep at it; reads after it are bounded separately
 * @param quick a smoke run: fewer rounds and requests
 * @param username a user registered on the target before the attacks
 * @param password that user's password
 */
record Context(Target target, Duration budget, boolean quick, String username, String password) {
  /** The moment the budget is spent, on {@link System#nanoTime()}'s clock. */
  long deadline(long started) {
    return started + budget.toNanos();
  }
}
