package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.prod.Effect.Exit;
import dev.carafe.prod.Effect.Log;
import dev.carafe.prod.Effect.RecordAotCache;
import dev.carafe.prod.Effect.Spawn;
import dev.carafe.prod.Effect.StartNginx;
import dev.carafe.prod.Effect.TakeRelease;
import dev.carafe.prod.MasterState.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The master's decisions, event by event, with no process and no clock. */
class SupervisorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(30);

  /** A master's state threaded through events, with a clock the test moves. */
  private static final class Master {
    MasterState state;
    long now = TimeUnit.HOURS.toNanos(1);
    List<Effect> effects = List.of();

    Master(int workers, boolean withNginx) {
      state =
          MasterState.initial(
              new MasterState.Rules(
                  "com.example.App",
                  "http://127.0.0.1:8000",
                  TIMEOUT,
                  GRACE,
                  withNginx,
                  workers,
                  "256m"));
    }

    /** Decides on one event, as the arbiter does, and keeps the effects. */
    List<Effect> on(Event event) {
      Supervisor.Step step = Supervisor.next(state, event, now);
      state = step.state();
      effects = step.effects();
      return effects;
    }

    List<Effect> tick() {
      return on(new Event.Tick());
    }

    List<Effect> signal(String name) {
      return on(new Event.Signal(name));
    }

    /** HUP, answered as the arbiter answers once the class path is copied. */
    List<Effect> reload() {
      assertEquals(List.of(new TakeRelease(state.generation() + 1)), signal("HUP"));
      return on(new Event.ReleaseTaken(state.generation() + 1));
    }

    /** A tick whose spawns the arbiter has started, each answered with its pid. */
    List<Effect> tickAndStart() {
      List<Effect> decided = tick();
      for (Effect effect : decided) {
        if (effect instanceof Spawn spawn) {
          on(new Event.Started(spawn.worker(), 1000 + spawn.worker()));
        }
      }
      effects = decided;
      return decided;
    }

    void ready(int... ids) {
      for (int id : ids) {
        on(new Event.Said(id, Message.READY));
      }
    }

    /** A heartbeat saying what the worker's pool has done. */
    List<Effect> beat(int id, long finished, int running, int waiting) {
      return on(new Event.Beat(id, new Progress(finished, running, waiting)));
    }

    List<Effect> exited(int id, int code) {
      return on(new Event.Exited(id, code));
    }

    void later(Duration duration) {
      now += duration.toNanos();
    }

    Pool.State stateOf(int id) {
      return state.worker(id).orElseThrow().state();
    }

    /** A pool of {@code n} workers of generation 1, all serving and announced. */
    static Master serving(int n) {
      Master master = new Master(n, false);
      master.tickAndStart();
      for (int id = 1; id <= n; id++) {
        master.ready(id);
      }
      master.tick();
      return master;
    }
  }

  private static Effect.Signal signal(int worker, String name) {
    return new Effect.Signal(worker, name);
  }

  private static List<String> logs(List<Effect> effects) {
    return effects.stream().filter(Log.class::isInstance).map(e -> ((Log) e).message()).toList();
  }

  private static List<Effect> withoutLogs(List<Effect> effects) {
    return effects.stream().filter(e -> !(e instanceof Log)).toList();
  }

  private static boolean logged(List<Effect> effects, String part) {
    return logs(effects).stream().anyMatch(l -> l.contains(part));
  }

  @Test
  void theFirstTickBootsTheWholePoolAtOnce() {
    Master master = new Master(3, false);
    assertEquals(List.of(new Spawn(1, 1), new Spawn(2, 1), new Spawn(3, 1)), master.tick());
    assertEquals(3, master.state.workers().size());
  }

  @Test
  void aStartedWorkerIsLoggedWithItsPid() {
    Master master = new Master(1, false);
    master.tick();
    List<Effect> effects = master.on(new Event.Started(1, 4242));
    assertEquals(List.of("Booting worker 1 (pid 4242, generation 1)"), logs(effects));
  }

  @Test
  void theFullPoolIsAnnouncedOnceAndItsAotCacheRecorded() {
    Master master = new Master(2, true);
    master.tickAndStart();
    master.ready(1);
    assertEquals(List.of(), master.tick());
    master.later(Duration.ofMillis(1500));
    master.on(new Event.Said(2, Message.READY));
    assertTrue(logged(master.effects, "Worker 2 (pid 1002) is ready (generation 1) in 1500 ms"));
    List<Effect> effects = master.tick();
    assertEquals(
        List.of("Serving com.example.App on http://127.0.0.1:8000 with 2 worker(s)"),
        logs(effects));
    assertEquals(List.of(new StartNginx(), new RecordAotCache(3, 1)), withoutLogs(effects));
    assertEquals(List.of(), master.tick());
  }

  @Test
  void aRecorderThatStartedTakesItsIdAndOneThatDidNotLeavesIt() {
    Master master = Master.serving(1);
    assertEquals(new RecordAotCache(2, 1), withoutLogs(master.effects).get(0));
    master.on(new Event.RecorderStarted(2));
    master.signal("TTIN");
    assertEquals(List.of(new Spawn(3, 1)), master.tick());

    Master unrecorded = Master.serving(1);
    unrecorded.signal("TTIN");
    assertEquals(List.of(new Spawn(2, 1)), unrecorded.tick());
  }

  @Test
  void aReloadBootsEveryNewWorkerAtOnceAndRetiresTheOldOnesOnceAllAreReady() {
    Master master = Master.serving(2);
    assertTrue(logged(master.reload(), "HUP: rolling reload to generation 2"));
    assertEquals(List.of(new Spawn(3, 2), new Spawn(4, 2)), master.tickAndStart());
    assertEquals(List.of(), master.tick(), "nothing retires while the successors boot");
    master.ready(3);
    assertEquals(List.of(), master.tick(), "nor while one of them still boots");
    master.ready(4);
    List<Effect> done = master.tick();
    assertEquals(
        List.of(signal(1, "TERM"), signal(2, "TERM"), new RecordAotCache(5, 2)), withoutLogs(done));
    assertEquals(
        List.of(
            "Retiring worker 1 (pid 1001, generation 1)",
            "Retiring worker 2 (pid 1002, generation 1)",
            "Reload complete: generation 2 serves with 2 worker(s)"),
        logs(done));
    assertTrue(logged(master.exited(1, 0), "worker 1 (pid 1001, generation 1) exited with code 0"));
    master.exited(2, 0);
    assertEquals(List.of(), master.tick());
  }

  @Test
  void aClassPathThatCannotBeCopiedKeepsTheGenerationServing() {
    Master master = Master.serving(1);
    master.signal("HUP");
    List<Effect> effects = master.on(new Event.ReleaseFailed(2, "java.io.IOException: disk full"));
    assertEquals(
        List.of(
            "HUP: cannot take the class path (java.io.IOException: disk full); generation 1 keeps"
                + " serving"),
        logs(effects));
    assertEquals(1, master.state.generation());
    assertEquals(List.of(), master.tick());
  }

  @Test
  void aReloadWhoseWorkerCannotBootIsAbandonedAndTheOldGenerationKeepsServing() {
    Master master = Master.serving(2);
    master.reload();
    master.tickAndStart();
    List<Effect> effects = master.exited(3, ExitCodes.BOOT_FAILED);
    assertTrue(logged(effects, "Reload failed: worker 3"), logs(effects).toString());
    assertTrue(logged(effects, "generation 1 keeps serving"));
    assertEquals(1, master.state.generation());
    assertEquals(List.of(signal(4, "TERM")), withoutLogs(master.tick()), "its sibling goes too");
    master.exited(4, 0);
    assertEquals(List.of(), master.tick());
    assertEquals(Phase.RUNNING, master.state.phase());
  }

  @Test
  void aWorkerThatCannotBootWhileOthersServeIsRetriedAfterAGrowingPause() {
    Master master = Master.serving(2);
    master.exited(2, 0);
    assertEquals(List.of(new Spawn(3, 1)), master.tickAndStart());
    List<Effect> failed = master.exited(3, ExitCodes.BOOT_FAILED);
    assertTrue(logged(failed, "could not boot (see its error above); trying again in 1 s"));
    assertEquals(List.of(), master.tick());
    master.later(Duration.ofMillis(999));
    assertEquals(List.of(), master.tick());
    master.later(Duration.ofMillis(1));
    assertEquals(List.of(new Spawn(4, 1)), master.tickAndStart());
    assertTrue(logged(master.exited(4, ExitCodes.BOOT_FAILED), "trying again in 2 s"));
    master.later(Duration.ofSeconds(2));
    assertEquals(List.of(new Spawn(5, 1)), master.tickAndStart());
    master.ready(5); // a worker that boots resets the pause
    master.exited(5, 9);
    assertEquals(List.of(new Spawn(6, 1)), master.tickAndStart());
    assertTrue(logged(master.exited(6, ExitCodes.BOOT_FAILED), "trying again in 1 s"));
  }

  @Test
  void thePauseAfterBootFailuresDoublesUpToAMinute() {
    Master master = Master.serving(2);
    master.exited(2, 0);
    List<String> pauses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      master.later(Duration.ofMinutes(1));
      master.beat(1, 0, 0, 0);
      Spawn spawn = (Spawn) master.tickAndStart().get(0);
      String line = logs(master.exited(spawn.worker(), ExitCodes.BOOT_FAILED)).get(0);
      pauses.add(line.substring(line.indexOf("trying again in ")));
    }
    assertEquals(
        List.of(1, 2, 4, 8, 16, 32, 60, 60).stream()
            .map(n -> "trying again in " + n + " s")
            .toList(),
        pauses);
  }

  @Test
  void anAppThatCannotBootStopsTheMasterWithExitCode4() {
    Master master = new Master(2, false);
    master.tickAndStart();
    List<Effect> effects = master.exited(1, ExitCodes.BOOT_FAILED);
    assertTrue(logged(effects, "The app cannot boot: worker 1"), logs(effects).toString());
    assertTrue(logged(effects, "Stopping fast"));
    assertEquals(List.of(signal(2, "INT")), withoutLogs(effects));
    assertEquals(Phase.STOPPING_FAST, master.state.phase());
    assertTrue(logged(master.exited(2, ExitCodes.BOOT_FAILED), "exited with code 4"));
    List<Effect> last = master.tick();
    assertEquals(List.of("Carafe master stopped"), logs(last));
    assertEquals(List.of(new Exit(ExitCodes.BOOT_FAILED)), withoutLogs(last));
    assertEquals(Phase.STOPPED, master.state.phase());
  }

  @Test
  void aWorkerThatDiesIsReplacedAtOnce() {
    Master master = Master.serving(2);
    List<Effect> died = master.exited(1, 137);
    assertEquals(
        List.of(
            "worker 1 (pid 1001, generation 1) died unexpectedly (exit code 137): replacing it"),
        logs(died));
    assertEquals(List.of(new Spawn(3, 1)), master.tick());
  }

  @Test
  void aSilentWorkerIsKilledAfterTheTimeoutAndReplaced() {
    Master master = Master.serving(2);
    master.later(TIMEOUT);
    master.beat(2, 0, 0, 0);
    assertEquals(List.of(), master.tick(), "silent for exactly the timeout is not yet too long");
    master.later(Duration.ofSeconds(1));
    List<Effect> effects = master.tick();
    assertEquals(
        List.of(
            "worker 1 (pid 1001, generation 1) sent no heartbeat for 31 s (timeout): killing it"),
        logs(effects));
    assertEquals(List.of(signal(1, "KILL"), new Spawn(3, 1)), withoutLogs(effects));
    assertEquals(Pool.State.DRAINING, master.stateOf(1));
  }

  @Test
  void aWorkerWhosePoolIsBusyButFinishesRequestsIsKept() {
    Master master = Master.serving(1);
    for (int second = 1; second <= 90; second++) {
      master.later(Duration.ofSeconds(1));
      // Every thread busy and a queue of waiting requests, but requests keep finishing.
      master.beat(1, second / 10, 8, 16);
      assertEquals(List.of(), master.tick(), "second " + second);
    }
  }

  @Test
  void aWorkerWithStuckRequestsButNoneWaitingIsKept() {
    Master master = Master.serving(1);
    for (int second = 1; second <= 90; second++) {
      master.later(Duration.ofSeconds(1));
      master.beat(1, 5, 8, 0);
      assertEquals(List.of(), master.tick(), "second " + second);
    }
  }

  @Test
  void aWorkerWhosePoolFinishesNothingWhileRequestsWaitIsKilledAfterTheTimeout() {
    Master master = Master.serving(2);
    master.beat(1, 5, 8, 3);
    for (int second = 1; second <= 30; second++) {
      master.later(Duration.ofSeconds(1));
      master.beat(1, 5, 8, 3 + second);
      master.beat(2, second, 1, 0);
      assertEquals(List.of(), master.tick(), "second " + second);
    }
    master.later(Duration.ofSeconds(1));
    master.beat(1, 5, 8, 40);
    List<Effect> effects = master.tick();
    assertEquals(
        List.of(
            "worker 1 (pid 1001, generation 1) is stuck: no request finished for 31 s (timeout)"
                + " while work waited for a thread (8 running, 40 waiting): killing it"),
        logs(effects));
    assertEquals(List.of(signal(1, "KILL"), new Spawn(3, 1)), withoutLogs(effects));
  }

  @Test
  void ttinThenTtouWhileTheNewWorkersBootRetiresThemAndKeepsTheServingOnes() {
    Master master = Master.serving(2);
    for (int i = 0; i < 4; i++) {
      master.signal("TTIN");
    }
    assertEquals(
        List.of(new Spawn(3, 1), new Spawn(4, 1), new Spawn(5, 1), new Spawn(6, 1)),
        master.tickAndStart());
    for (int i = 0; i < 4; i++) {
      master.signal("TTOU");
    }
    List<Effect> effects = master.tick();
    assertEquals(
        List.of(signal(6, "TERM"), signal(5, "TERM"), signal(4, "TERM"), signal(3, "TERM")),
        withoutLogs(effects));
    assertEquals(Pool.State.READY, master.stateOf(1));
    assertEquals(Pool.State.READY, master.stateOf(2));
  }

  @Test
  void aWorkerThatRunsOutOfMemoryIsNamedAndReplaced() {
    Master master = Master.serving(2);
    List<Effect> died = master.exited(1, ExitCodes.OUT_OF_MEMORY);
    assertEquals(
        List.of("worker 1 (pid 1001, generation 1) ran out of memory (heap 256m); replacing it"),
        logs(died));
    assertEquals(List.of(new Spawn(3, 1)), master.tick());
  }

  @Test
  void aWorkerThatRunsOutOfMemoryWhileBootingIsAStartFailure() {
    Master master = new Master(1, false);
    master.tickAndStart();
    List<Effect> effects = master.exited(1, ExitCodes.OUT_OF_MEMORY);
    assertTrue(
        logged(
            effects,
            "The app cannot boot: worker 1 (pid 1001, generation 1) ran out of memory while"
                + " booting (heap 256m) (see its error above) and no worker serves; stopping the"
                + " master with exit code 4"),
        logs(effects).toString());
    master.tick();
    assertEquals(List.of(new Exit(ExitCodes.BOOT_FAILED)), withoutLogs(master.effects));
  }

  @Test
  void aWorkerThatCannotListenIsRetriedWhileOthersServeAndStopsTheMasterWhenNoneDoes() {
    Master master = Master.serving(2);
    master.exited(2, 137);
    assertEquals(List.of(new Spawn(3, 1)), master.tickAndStart());
    List<Effect> retried = master.exited(3, ExitCodes.BIND_FAILED);
    assertEquals(
        List.of(
            "worker 3 (pid 1003, generation 1) could not listen on http://127.0.0.1:8000 (see its"
                + " error above); trying again in 1 s"),
        logs(retried));

    Master alone = new Master(1, false);
    alone.tickAndStart();
    List<Effect> stopped = alone.exited(1, ExitCodes.BIND_FAILED);
    assertTrue(
        logged(
            stopped,
            "Cannot listen: worker 1 (pid 1001, generation 1) could not listen on"
                + " http://127.0.0.1:8000 (see its error above) and no worker serves; stopping the"
                + " master with exit code 5"),
        logs(stopped).toString());
    alone.tick();
    assertEquals(List.of(new Exit(ExitCodes.BIND_FAILED)), withoutLogs(alone.effects));
  }

  @Test
  void aRetiredWorkerThatDoesNotDrainInTimeIsKilled() {
    Master master = Master.serving(2);
    master.signal("TTOU");
    assertEquals(List.of(signal(1, "TERM")), withoutLogs(master.tick()));
    master.later(GRACE.plusSeconds(5));
    master.beat(2, 0, 0, 0);
    assertEquals(List.of(), master.tick());
    master.later(Duration.ofMillis(1));
    List<Effect> effects = master.tick();
    assertEquals(List.of(signal(1, "KILL")), withoutLogs(effects));
    assertTrue(logged(effects, "did not finish draining in time: killing it"));
    master.later(Duration.ofSeconds(20));
    master.beat(2, 0, 0, 0);
    assertEquals(List.of(), master.tick(), "killed once");
  }

  @Test
  void termDrainsEveryWorkerAndKillsWhatIsLeftAfterTheGracefulTimeout() {
    Master master = Master.serving(2);
    List<Effect> effects = master.signal("TERM");
    assertEquals(List.of(signal(1, "TERM"), signal(2, "TERM")), withoutLogs(effects));
    assertEquals(
        List.of("Stopping gracefully: workers finish the requests in flight"), logs(effects));
    assertEquals(Phase.STOPPING_GRACEFULLY, master.state.phase());
    assertEquals(List.of(), master.signal("TERM"), "a second TERM changes nothing");
    assertEquals(List.of(), master.signal("HUP"), "no reload while stopping");
    master.exited(1, 0);
    master.later(GRACE.plusSeconds(5));
    assertEquals(List.of(), master.tick());
    master.later(Duration.ofMillis(1));
    List<Effect> late = master.tick();
    assertEquals(List.of(signal(2, "KILL")), withoutLogs(late));
    assertTrue(logged(late, "Workers still running after the stop timeout: killing them"));
    master.exited(2, 137);
    assertEquals(List.of(new Exit(0)), withoutLogs(master.tick()));
  }

  @Test
  void intStopsFastEvenDuringAGracefulStopAndTermCannotSlowItDown() {
    Master master = Master.serving(2);
    master.signal("TERM");
    List<Effect> effects = master.signal("INT");
    assertEquals(List.of(signal(1, "INT"), signal(2, "INT")), withoutLogs(effects));
    assertEquals(List.of("Stopping fast"), logs(effects));
    assertEquals(List.of(), master.signal("TERM"));
    master.later(Duration.ofSeconds(5).plusMillis(1));
    assertEquals(List.of(signal(1, "KILL"), signal(2, "KILL")), withoutLogs(master.tick()));
    master.exited(1, 0);
    master.exited(2, 0);
    assertEquals(List.of(new Exit(0)), withoutLogs(master.tick()));
    assertEquals(List.of(), master.signal("HUP"), "a stopped master decides nothing");
    assertEquals(List.of(), master.tick());
  }

  @Test
  void aWorkerAskingToBeRecycledIsReplacedBeforeItIsRetired() {
    Master master = Master.serving(2);
    List<Effect> asked = master.on(new Event.Said(1, Message.RECYCLE));
    assertEquals(
        List.of("worker 1 (pid 1001, generation 1) reached max_requests: replacing it"),
        logs(asked));
    assertEquals(List.of(), master.on(new Event.Said(1, Message.RECYCLE)), "said once");
    assertEquals(List.of(new Spawn(3, 1)), master.tickAndStart());
    master.ready(3);
    assertEquals(List.of(signal(1, "TERM")), withoutLogs(master.tick()));
  }

  @Test
  void ttinAddsAWorkerAndTtouRetiresTheOldestButNeverTheLast() {
    Master master = Master.serving(1);
    assertEquals(List.of("TTIN: 2 worker(s) wanted"), logs(master.signal("TTIN")));
    assertEquals(List.of(new Spawn(2, 1)), master.tickAndStart());
    master.ready(2);
    master.tick();
    assertEquals(List.of("TTOU: 1 worker(s) wanted"), logs(master.signal("TTOU")));
    assertEquals(List.of(signal(1, "TERM")), withoutLogs(master.tick()));
    assertEquals(List.of("TTOU: 1 worker(s) wanted"), logs(master.signal("TTOU")));
    assertEquals(1, master.state.target());
  }

  @Test
  void quitIsLeftToTheJvmAndStopsNothing() {
    Master master = Master.serving(1);
    assertEquals(List.of(new Log(Effect.Level.DEBUG, "Ignoring SIGQUIT")), master.signal("QUIT"));
    assertEquals(Phase.RUNNING, master.state.phase());
    assertEquals(List.of(), master.tick());
  }

  @Test
  void aDecisionNeverChangesTheStateItIsGiven() {
    Master master = Master.serving(2);
    MasterState before = master.state;
    Supervisor.Step step = Supervisor.next(before, new Event.Signal("TERM"), master.now);
    assertEquals(Phase.RUNNING, before.phase());
    assertEquals(Pool.State.READY, before.worker(1).orElseThrow().state());
    assertEquals(Phase.STOPPING_GRACEFULLY, step.state().phase());
    assertFalse(step.state() == before);
  }

  @Test
  void everyWorkerReplacedIsCountedWithWhyForTheMetrics() {
    Master master = Master.serving(2);
    master.exited(1, 137);
    master.tickAndStart();
    master.ready(3);
    master.exited(3, ExitCodes.OUT_OF_MEMORY);
    master.on(new Event.Said(2, Message.RECYCLE));
    master.on(new Event.Said(2, Message.RECYCLE));
    master.tickAndStart();
    master.exited(4, ExitCodes.BOOT_FAILED);
    assertEquals(1, master.state.restarts(MasterState.Restart.DIED));
    assertEquals(1, master.state.restarts(MasterState.Restart.OUT_OF_MEMORY));
    assertEquals(1, master.state.restarts(MasterState.Restart.MAX_REQUESTS), "asked twice");
    assertEquals(1, master.state.restarts(MasterState.Restart.BOOT_FAILED));
    assertEquals(0, master.state.restarts(MasterState.Restart.UNRESPONSIVE));
  }

  @Test
  void aWorkerKilledForSilenceCountsAsUnresponsiveNotAlsoAsDied() {
    Master master = Master.serving(2);
    master.later(TIMEOUT.plusSeconds(1));
    master.beat(2, 0, 0, 0);
    assertEquals(List.of(signal(1, "KILL"), new Spawn(3, 1)), withoutLogs(master.tick()));
    master.exited(1, 137);
    assertEquals(1, master.state.restarts(MasterState.Restart.UNRESPONSIVE));
    assertEquals(0, master.state.restarts(MasterState.Restart.DIED));
  }

  @Test
  void reloadsAndFailedReloadsAreCounted() {
    Master master = Master.serving(1);
    master.reload();
    master.tickAndStart();
    master.exited(2, ExitCodes.BOOT_FAILED);
    master.signal("HUP");
    master.on(new Event.ReleaseFailed(2, "java.io.IOException: disk full"));
    assertEquals(1, master.state.reloads());
    assertEquals(2, master.state.failedReloads());
  }
}
