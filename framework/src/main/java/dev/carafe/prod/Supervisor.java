package dev.carafe.prod;

import static dev.carafe.prod.Effect.Level.DEBUG;
import static dev.carafe.prod.Effect.Level.ERROR;
import static dev.carafe.prod.Effect.Level.INFO;
import static dev.carafe.prod.Effect.Level.WARN;

import dev.carafe.prod.Effect.Level;
import dev.carafe.prod.MasterState.Child;
import dev.carafe.prod.MasterState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The master's decisions, free of processes and clocks so they can be tested alone: given what the
 * master knows, one event and the time, the next state and what to do. The {@link Arbiter} only
 * performs the effects; {@link Pool} decides which workers to start and retire.
 *
 * <p>HUP rolls the workers over to a fresh copy of the class path (new ones ready before old ones
 * drain), TERM stops gracefully, INT stops fast, TTIN and TTOU add or remove a worker. A worker
 * that falls silent or whose pool is wedged for longer than the timeout ({@link Liveness}) is
 * killed; one that asks to be recycled is replaced; one that exits is seen to by {@link
 * WorkerExits}.
 */
final class Supervisor {
  /** Time a stopping or draining worker gets on top of its own deadline before it is killed. */
  static final long STOP_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The next state, and the effects to perform in order. */
  record Step(MasterState state, List<Effect> effects) {}

  private final MasterState state;
  private final long now;
  private final List<Effect> effects = new ArrayList<>();

  private Supervisor(MasterState state, long now) {
    this.state = state;
    this.now = now;
  }

  static Step next(MasterState state, Event event, long now) {
    Supervisor turn = new Supervisor(state.copy(), now);
    if (turn.state.phase != Phase.STOPPED) {
      turn.on(event);
    }
    return new Step(turn.state, List.copyOf(turn.effects));
  }

  void on(Event event) {
    if (event instanceof Event.Signal signal) {
      onSignal(signal.name());
    } else if (event instanceof Event.Said said) {
      onMessage(said.worker(), said.message());
    } else if (event instanceof Event.Beat beat) {
      state.worker(beat.worker()).ifPresent(w -> put(w.beat(beat.progress(), now)));
    } else if (event instanceof Event.Exited exited) {
      onExit(exited.worker(), exited.code());
    } else if (event instanceof Event.Tick) {
      onTick();
    } else if (event instanceof Event.Started started) {
      onStarted(started.worker(), started.pid());
    } else if (event instanceof Event.ReleaseTaken taken) {
      onReleaseTaken(taken.generation());
    } else if (event instanceof Event.ReleaseFailed failed) {
      state.failedReloads++;
      log(
          ERROR,
          "HUP: cannot take the class path (%s); generation %d keeps serving",
          failed.reason(),
          state.generation);
    } else if (event instanceof Event.RecorderStarted recorder) {
      state.lastId = Math.max(state.lastId, recorder.worker());
    }
  }

  // HUP: rolling reload onto a fresh copy of the class path; new workers are ready before old go.
  // TERM: graceful stop within graceful_timeout. INT: fast stop. TTIN/TTOU: one more/less.
  private void onSignal(String name) {
    switch (name) {
      case "HUP" -> {
        if (state.phase == Phase.RUNNING) {
          effects.add(new Effect.TakeRelease(state.generation + 1));
        }
      }
      case "TERM" ->
          stop(Phase.STOPPING_GRACEFULLY, "TERM", state.rules.gracefulTimeout().toNanos());
      case "INT" -> stop(Phase.STOPPING_FAST, "INT", 0);
      case "TTIN" -> {
        state.target++;
        log(INFO, "TTIN: %d worker(s) wanted", state.target);
      }
      case "TTOU" -> {
        state.target = Math.max(1, state.target - 1);
        log(INFO, "TTOU: %d worker(s) wanted", state.target);
      }
      default -> log(DEBUG, "Ignoring SIG%s", name);
    }
  }

  private void onReleaseTaken(int generation) {
    if (state.phase != Phase.RUNNING) {
      return;
    }
    state.generation = generation;
    state.spawnNotBefore = OptionalLong.empty();
    state.reloads++;
    log(INFO, "HUP: rolling reload to generation %d", generation);
  }

  private void stop(Phase next, String workerSignal, long graceNanos) {
    Phase previous = state.phase;
    if (previous == Phase.STOPPING_FAST || previous == next) {
      return;
    }
    state.phase = next;
    log(
        INFO,
        next == Phase.STOPPING_GRACEFULLY
            ? "Stopping gracefully: workers finish the requests in flight"
            : "Stopping fast");
    state.stopDeadline = now + graceNanos + STOP_MARGIN_NANOS;
    for (Child w : List.copyOf(state.workers.values())) {
      put(w.in(Pool.State.DRAINING));
      effects.add(new Effect.Signal(w.id(), workerSignal));
    }
  }

  private void onStarted(int id, long pid) {
    Optional<Child> worker = state.worker(id);
    if (worker.isPresent()) {
      Child started = worker.get().started(pid, now);
      put(started);
      log(INFO, "Booting %s", started);
    }
  }

  private void onMessage(int id, Message message) {
    Child worker = state.workers.get(id);
    if (worker == null) {
      return;
    }
    worker = worker.heard(now);
    put(worker);
    switch (message) {
      case DRAINING -> {}
      case READY -> {
        if (worker.state() != Pool.State.BOOTING) {
          return;
        }
        put(worker.in(Pool.State.READY));
        state.backoffNanos = WorkerExits.FIRST_BACKOFF_NANOS;
        log(
            INFO,
            "Worker %d (pid %d) is ready (generation %d) in %d ms",
            worker.id(),
            worker.pid(),
            worker.generation(),
            TimeUnit.NANOSECONDS.toMillis(now - worker.startedNanos()));
      }
      case RECYCLE -> {
        if (!worker.recycle()) {
          put(worker.recycled());
          state.countRestart(MasterState.Restart.MAX_REQUESTS);
          log(INFO, "%s reached max_requests: replacing it", worker);
        }
      }
    }
  }

  private void onExit(int id, int code) {
    Child worker = state.workers.remove(id);
    if (worker == null) {
      return;
    }
    if (state.phase != Phase.RUNNING || worker.state() == Pool.State.DRAINING) {
      log(INFO, "%s exited with code %d", worker, code);
      return;
    }
    if (WorkerExits.decide(state, worker, code, now, effects)) {
      stop(Phase.STOPPING_FAST, "INT", 0);
    }
  }

  private void onTick() {
    killSilentWorkers();
    if (state.phase == Phase.RUNNING) {
      reconcile();
    } else if (state.workers.isEmpty()) {
      state.phase = Phase.STOPPED;
      log(INFO, "Carafe master stopped");
      effects.add(new Effect.Exit(state.exitCode));
    } else if (now - state.stopDeadline > 0) {
      log(WARN, "Workers still running after the stop timeout: killing them");
      state.workers.keySet().forEach(id -> effects.add(new Effect.Signal(id, "KILL")));
      state.stopDeadline = now + STOP_MARGIN_NANOS;
    }
  }

  private void killSilentWorkers() {
    for (Child w : List.copyOf(state.workers.values())) {
      if (w.state() == Pool.State.DRAINING) {
        if (w.drainDeadline().isPresent() && now - w.drainDeadline().getAsLong() > 0) {
          log(WARN, "%s did not finish draining in time: killing it", w);
          effects.add(new Effect.Signal(w.id(), "KILL"));
          put(w.drainBy(OptionalLong.empty()));
        }
      } else {
        Optional<String> why = w.liveness().verdict(now, state.rules.timeout());
        if (why.isPresent()) {
          state.countRestart(MasterState.Restart.UNRESPONSIVE);
          log(ERROR, "%s %s: killing it", w, why.get());
          put(w.in(Pool.State.DRAINING));
          effects.add(new Effect.Signal(w.id(), "KILL"));
        }
      }
    }
  }

  private void reconcile() {
    List<Pool.Member> members = state.workers.values().stream().map(Child::member).toList();
    for (Pool.Action action : Pool.plan(members, state.target, state.generation)) {
      if (action instanceof Pool.Spawn spawn) {
        OptionalLong notBefore = state.spawnNotBefore;
        if (notBefore.isEmpty() || now - notBefore.getAsLong() >= 0) {
          for (int i = 0; i < spawn.count(); i++) {
            int id = ++state.lastId;
            put(Child.booting(id, state.generation, now));
            effects.add(new Effect.Spawn(id, state.generation));
          }
        }
      } else if (action instanceof Pool.Retire retire) {
        Child w = state.workers.get(retire.id());
        long deadline = now + state.rules.gracefulTimeout().toNanos() + STOP_MARGIN_NANOS;
        put(w.in(Pool.State.DRAINING).drainBy(OptionalLong.of(deadline)));
        log(INFO, "Retiring %s", w);
        effects.add(new Effect.Signal(w.id(), "TERM"));
      }
    }
    if (announce()) {
      effects.add(new Effect.RecordAotCache(state.lastId + 1, state.generation));
    }
  }

  /**
   * Says when the pool first serves in full and when a reload has completed; true when it just did
   * either.
   */
  private boolean announce() {
    long ready = state.readyOfGeneration();
    if (ready < state.target || state.anyStale() || state.servingGeneration == state.generation) {
      return false;
    }
    if (state.servingGeneration == 0) {
      log(
          INFO,
          "Serving %s on %s with %d worker(s)",
          state.rules.app(),
          state.rules.address(),
          ready);
      if (state.rules.withNginx()) {
        effects.add(new Effect.StartNginx());
      }
    } else {
      log(INFO, "Reload complete: generation %d serves with %d worker(s)", state.generation, ready);
    }
    state.servingGeneration = state.generation;
    return true;
  }

  private void put(Child worker) {
    state.workers.put(worker.id(), worker);
  }

  private void log(Level level, String format, Object... arguments) {
    effects.add(Effect.Log.of(level, format, arguments));
  }
}
