package dev.carafe.prod;

import static dev.carafe.prod.Effect.Level.ERROR;
import static dev.carafe.prod.Effect.Level.WARN;

import dev.carafe.prod.MasterState.Child;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The master's decision when a worker it did not stop exits, a part of {@link Supervisor} kept in a
 * file of its own. A worker that dies is replaced (the pool plan finds it missing) and one that ran
 * out of memory is named so. One that could not start (boot, bind, or memory while booting) is
 * retried after a pause that doubles up to a minute while others serve, ends a reload that brought
 * it, and stops the master when nothing serves, instead of restarting it in a loop.
 */
final class WorkerExits {
  static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);

  private WorkerExits() {}

  /**
   * Decides on {@code worker}'s exit with {@code code}, adding to {@code effects}; true when the
   * master must stop, with the exit code set in {@code state}.
   */
  static boolean decide(MasterState state, Child worker, int code, long now, List<Effect> effects) {
    Optional<String> failed =
        worker.state() == Pool.State.BOOTING
            ? ExitCodes.startFailure(code, state.rules)
            : Optional.empty();
    if (failed.isEmpty()) {
      state.countRestart(
          code == ExitCodes.OUT_OF_MEMORY
              ? MasterState.Restart.OUT_OF_MEMORY
              : MasterState.Restart.DIED);
      effects.add(
          code == ExitCodes.OUT_OF_MEMORY
              ? Effect.Log.of(
                  ERROR, "%s ran out of memory (heap %s); replacing it", worker, state.rules.heap())
              : Effect.Log.of(
                  WARN, "%s died unexpectedly (exit code %d): replacing it", worker, code));
      return false;
    }
    state.countRestart(MasterState.Restart.BOOT_FAILED);
    Optional<Child> serving = state.newestServing();
    if (serving.isEmpty()) {
      boolean bind = code == ExitCodes.BIND_FAILED;
      state.exitCode = bind ? ExitCodes.BIND_FAILED : ExitCodes.BOOT_FAILED;
      effects.add(
          Effect.Log.of(
              ERROR,
              "%s: %s %s (see its error above) and no worker serves; stopping the master with"
                  + " exit code %d instead of restarting it in a loop",
              bind ? "Cannot listen" : "The app cannot boot",
              worker,
              failed.get(),
              state.exitCode));
      return true;
    }
    if (serving.get().generation() != worker.generation()) {
      state.generation = serving.get().generation();
      state.failedReloads++;
      effects.add(
          Effect.Log.of(
              ERROR,
              "Reload failed: %s %s (see its error above); generation %d keeps serving",
              worker,
              failed.get(),
              state.generation));
      return false;
    }
    long pause = state.backoffNanos;
    state.spawnNotBefore = OptionalLong.of(now + pause);
    state.backoffNanos = Math.min(MAX_BACKOFF_NANOS, pause * 2);
    effects.add(
        Effect.Log.of(
            ERROR,
            "%s %s (see its error above); trying again in %d s",
            worker,
            failed.get(),
            TimeUnit.NANOSECONDS.toSeconds(pause)));
    return false;
  }
}
