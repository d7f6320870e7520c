package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.prod.Pool.Action;
import dev.carafe.prod.Pool.Member;
import dev.carafe.prod.Pool.Retire;
import dev.carafe.prod.Pool.Spawn;
import dev.carafe.prod.Pool.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolTest {
  private static Member ready(int id, int generation) {
    return new Member(id, generation, State.READY, false);
  }

  private static Member booting(int id, int generation) {
    return new Member(id, generation, State.BOOTING, false);
  }

  @Test
  void firstStartBootsEveryWorkerAtOnce() {
    assertEquals(List.<Action>of(new Spawn(4)), Pool.plan(List.of(), 4, 1));
  }

  @Test
  void aFullPoolNeedsNothing() {
    assertEquals(List.of(), Pool.plan(List.of(ready(1, 1), ready(2, 1)), 2, 1));
  }

  @Test
  void aDeadWorkerIsReplacedByOne() {
    assertEquals(List.<Action>of(new Spawn(1)), Pool.plan(List.of(ready(2, 1)), 2, 1));
  }

  @Test
  void deadWorkersAreReplacedAtOnce() {
    assertEquals(List.<Action>of(new Spawn(2)), Pool.plan(List.of(ready(3, 1)), 3, 1));
  }

  @Test
  void aDeadWorkerIsReplacedAtOnceEvenWhileAReloadRolls() {
    List<Member> members = List.of(ready(1, 1), booting(3, 2));
    assertEquals(List.<Action>of(new Spawn(1)), Pool.plan(members, 3, 2));
  }

  @Test
  void reloadBootsEveryReplacementAtOnceButRecycledWorkersAreReplacedOneAtATime() {
    // Gunicorn's HUP does the same: spawn the new workers, then retire the old ones.
    assertEquals(
        List.<Action>of(new Spawn(3)),
        Pool.plan(List.of(ready(1, 1), ready(2, 1), ready(3, 1)), 3, 2));
    Member tired = new Member(1, 1, State.READY, true);
    Member alsoTired = new Member(2, 1, State.READY, true);
    assertEquals(List.<Action>of(new Spawn(1)), Pool.plan(List.of(tired, alsoTired), 2, 1));
  }

  @Test
  void reloadWaitsWhileTheReplacementsBoot() {
    assertEquals(
        List.of(),
        Pool.plan(List.of(ready(1, 1), ready(2, 1), booting(3, 2), booting(4, 2)), 2, 2));
  }

  @Test
  void oldWorkersDrainTogetherOnlyOnceNoReplacementStillBoots() {
    List<Member> oneBooting = List.of(ready(1, 1), ready(2, 1), ready(3, 2), booting(4, 2));
    assertEquals(List.of(), Pool.plan(oneBooting, 2, 2));
    List<Member> allReady = List.of(ready(1, 1), ready(2, 1), ready(3, 2), ready(4, 2));
    assertEquals(List.<Action>of(new Retire(1), new Retire(2)), Pool.plan(allReady, 2, 2));
  }

  @Test
  void aReadyReplacementWithNoneBootingRetiresTheOldestStaleWorkerFirst() {
    assertEquals(
        List.<Action>of(new Retire(1)),
        Pool.plan(List.of(ready(1, 1), ready(2, 1), ready(3, 2)), 2, 2));
  }

  @Test
  void servingWorkersNeverDropBelowTheTargetDuringAReload() {
    List<Member> members = List.of(ready(1, 1), ready(2, 1), ready(3, 1), ready(4, 2));
    List<Action> plan = Pool.plan(members, 3, 2);
    long retired = plan.stream().filter(a -> a instanceof Retire).count();
    assertEquals(1, retired, plan.toString());
  }

  @Test
  void drainingWorkersDoNotCount() {
    Member draining = new Member(1, 1, State.DRAINING, false);
    assertEquals(List.<Action>of(new Spawn(1)), Pool.plan(List.of(draining, ready(2, 1)), 2, 1));
  }

  @Test
  void theNextRollingReplacementWaitsUntilTheRetiredWorkerHasDrained() {
    Member draining = new Member(1, 1, State.DRAINING, false);
    List<Member> members = List.of(draining, ready(2, 1), ready(3, 2));
    assertEquals(List.of(), Pool.plan(members, 2, 2));
    assertEquals(List.<Action>of(new Spawn(1)), Pool.plan(List.of(ready(2, 1), ready(3, 2)), 2, 2));
  }

  @Test
  void aWorkerAskingToBeRecycledIsReplacedBeforeItGoes() {
    Member tired = new Member(1, 1, State.READY, true);
    assertEquals(List.<Action>of(new Spawn(1)), Pool.plan(List.of(tired, ready(2, 1)), 2, 1));
    assertEquals(
        List.<Action>of(new Retire(1)), Pool.plan(List.of(tired, ready(2, 1), ready(3, 1)), 2, 1));
  }

  @Test
  void ttouRetiresTheOldestReadyWorker() {
    assertEquals(
        List.<Action>of(new Retire(1)), Pool.plan(List.of(ready(1, 1), ready(2, 1)), 1, 1));
  }

  @Test
  void ttouWhileWorkersBootRetiresTheBootingOnesYoungestFirst() {
    List<Member> members =
        List.of(ready(1, 1), ready(2, 1), booting(3, 1), booting(4, 1), booting(5, 1));
    assertEquals(List.<Action>of(new Retire(5), new Retire(4)), Pool.plan(members, 3, 1));
    assertEquals(
        List.<Action>of(new Retire(5), new Retire(4), new Retire(3)), Pool.plan(members, 2, 1));
  }

  @Test
  void ttouNeverRetiresTheReadyWorkersBelowTheTarget() {
    List<Member> members = List.of(ready(1, 1), ready(2, 1), booting(3, 1), ready(4, 1));
    assertEquals(List.<Action>of(new Retire(3), new Retire(1)), Pool.plan(members, 2, 1));
    assertEquals(
        List.<Action>of(new Retire(3), new Retire(1), new Retire(2)), Pool.plan(members, 1, 1));
  }

  @Test
  void theLastReadyWorkerIsNeverRetired() {
    assertEquals(List.of(), Pool.plan(List.of(ready(1, 1)), 0, 1));
  }

  @Test
  void aStaleWorkerStillBootingIsRetiredAtOnce() {
    assertEquals(
        List.<Action>of(new Spawn(1), new Retire(3)),
        Pool.plan(List.of(ready(1, 2), ready(2, 2), booting(3, 1)), 3, 2));
  }
}
