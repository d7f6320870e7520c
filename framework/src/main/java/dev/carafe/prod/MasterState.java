package dev.carafe.prod;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the master knows when it decides: its phase, the workers and what they said last, the
 * wanted pool, the generation, the boot backoff. A value for the caller: {@link Supervisor#next}
 * works on a copy and returns the next state, never changing the one it is given.
 */
final class MasterState {
  /** The master's lifecycle; only forward. */
  enum Phase {
    RUNNING,
    /** TERM: workers finish the requests they have, up to graceful_timeout. */
    STOPPING_GRACEFULLY,
    /** INT, or an app that cannot boot: workers stop at once. */
    STOPPING_FAST,
    /** Every worker is gone; the master exits. */
    STOPPED
  }

  /** Why a worker was replaced, for the master's metrics. */
  enum Restart {
    /** It exited, or was killed from outside, without being asked to. */
    DIED,
    /** Its JVM ran out of memory. */
    OUT_OF_MEMORY,
    /** It fell silent, or its request threads were stuck, and the master killed it. */
    UNRESPONSIVE,
    /** It could not boot or listen while others served. */
    BOOT_FAILED,
    /** It served max_requests. */
    MAX_REQUESTS
  }

  /** What the decisions take from the settings; {@code heap} is the workers' -Xmx, for the log. */
  record Rules(
      String app,
      String address,
      Duration timeout,
      Duration gracefulTimeout,
      boolean withNginx,
      int workers,
      String heap) {}

  /** A worker as the master sees it; ids grow with age. */
  record Child(
      int id,
      int generation,
      long pid,
      Pool.State state,
      boolean recycle,
      long startedNanos,
      Liveness liveness,
      OptionalLong drainDeadline) {

    static Child booting(int id, int generation, long now) {
      return new Child(
          id,
          generation,
          0,
          Pool.State.BOOTING,
          false,
          now,
          Liveness.since(now),
          OptionalLong.empty());
    }

    Child started(long pid, long now) {
      return new Child(
          id, generation, pid, state, recycle, now, Liveness.since(now), drainDeadline);
    }

    /** The worker said something. */
    Child heard(long now) {
      return with(liveness.heard(now));
    }

    /** The worker's heartbeat. */
    Child beat(Progress progress, long now) {
      return with(liveness.beat(progress, now));
    }

    private Child with(Liveness next) {
      return new Child(id, generation, pid, state, recycle, startedNanos, next, drainDeadline);
    }

    Child in(Pool.State next) {
      return new Child(id, generation, pid, next, recycle, startedNanos, liveness, drainDeadline);
    }

    Child recycled() {
      return new Child(id, generation, pid, state, true, startedNanos, liveness, drainDeadline);
    }

    Child drainBy(OptionalLong deadline) {
      return new Child(id, generation, pid, state, recycle, startedNanos, liveness, deadline);
    }

    Pool.Member member() {
      return new Pool.Member(id, generation, state, recycle);
    }

    @Override
    public String toString() {
      return "worker " + id + " (pid " + pid + ", generation " + generation + ")";
    }
  }

  final Rules rules;
  Phase phase = Phase.RUNNING;
  int target;
  int generation = 1;
  int lastId;
  int exitCode;

  /** While stopping: when the workers left are killed. */
  long stopDeadline;

  /** After a boot failure: no worker starts before this. */
  OptionalLong spawnNotBefore = OptionalLong.empty();

  long backoffNanos = WorkerExits.FIRST_BACKOFF_NANOS;

  /** The generation last announced as serving in full; 0 before the pool first serves. */
  int servingGeneration;

  final Map<Integer, Child> workers = new LinkedHashMap<>();

  /** Workers replaced since the master started, by why. */
  final Map<Restart, Long> restarts = new EnumMap<>(Restart.class);

  /** Rolling reloads begun (HUP). */
  long reloads;

  /** Rolling reloads abandoned: the class path could not be copied, or the new code not boot. */
  long failedReloads;

  private MasterState(Rules rules) {
    this.rules = rules;
  }

  /** A master that has just started: no workers yet, generation 1. */
  static MasterState initial(Rules rules) {
    MasterState state = new MasterState(rules);
    state.target = rules.workers();
    return state;
  }

  MasterState copy() {
    MasterState copy = new MasterState(rules);
    copy.phase = phase;
    copy.target = target;
    copy.generation = generation;
    copy.lastId = lastId;
    copy.exitCode = exitCode;
    copy.stopDeadline = stopDeadline;
    copy.spawnNotBefore = spawnNotBefore;
    copy.backoffNanos = backoffNanos;
    copy.servingGeneration = servingGeneration;
    copy.workers.putAll(workers);
    copy.restarts.putAll(restarts);
    copy.reloads = reloads;
    copy.failedReloads = failedReloads;
    return copy;
  }

  Phase phase() {
    return phase;
  }

  int target() {
    return target;
  }

  int generation() {
    return generation;
  }

  Collection<Child> workers() {
    return Collections.unmodifiableCollection(workers.values());
  }

  /** Workers replaced since the start for {@code why}. */
  long restarts(Restart why) {
    return restarts.getOrDefault(why, 0L);
  }

  void countRestart(Restart why) {
    restarts.merge(why, 1L, Long::sum);
  }

  long reloads() {
    return reloads;
  }

  long failedReloads() {
    return failedReloads;
  }

  Optional<Child> worker(int id) {
    return Optional.ofNullable(workers.get(id));
  }

  /** The ready worker of the newest generation, if any serves. */
  Optional<Child> newestServing() {
    return workers.values().stream()
        .filter(w -> w.state() == Pool.State.READY)
        .max(Comparator.comparingInt(Child::generation));
  }

  /** Ready workers of the current generation. */
  long readyOfGeneration() {
    return workers.values().stream()
        .filter(w -> w.state() == Pool.State.READY && w.generation() == generation)
        .count();
  }

  /** Whether a worker of another generation still boots or serves. */
  boolean anyStale() {
    return workers.values().stream()
        .anyMatch(w -> w.state() != Pool.State.DRAINING && w.generation() != generation);
  }
}
