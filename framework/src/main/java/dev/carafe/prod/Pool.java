package dev.carafe.prod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The master's pool decisions, free of processes and clocks so they can be tested alone: how many
 * workers to start and which to retire, given the workers there are, how many are wanted and the
 * current generation (each HUP starts a new one).
 *
 * <p>The rules keep the number of serving workers at or above the target at every moment: a stale
 * worker (older generation, or one that asked to be recycled) is retired only once a fresh one is
 * ready in its place, and a smaller target (TTOU) retires booting workers before ready ones. A
 * reload boots all its replacements at once, as Gunicorn does on HUP, and drains the old workers
 * once none of them still boots: the memory of old and new workers together for a few seconds,
 * against a reload that lasts as long as one boot instead of one boot per worker. A worker recycled
 * after max_requests is replaced one at a time, so the serving workers keep their CPU. Capacity
 * nobody provides (the first start, a worker that died, TTIN) boots at once.
 */
final class Pool {
  /** A worker's state as the master sees it. */
  enum State {
    BOOTING,
    READY,
    DRAINING
  }

  /** One worker: ids grow with age, so a lower id is older. */
  record Member(int id, int generation, State state, boolean recycle) {
    boolean fresh(int current) {
      return generation == current && !recycle && state != State.DRAINING;
    }
  }

  /** What the master should do next. */
  sealed interface Action permits Spawn, Retire {}

  /** Start this many workers of the current generation. */
  record Spawn(int count) implements Action {}

  /** Stop this worker gracefully. */
  record Retire(int id) implements Action {}

  private Pool() {}

  static List<Action> plan(List<Member> members, int target, int generation) {
    List<Member> byAge = new ArrayList<>(members);
    byAge.sort(Comparator.comparingInt(Member::id));
    List<Action> actions = new ArrayList<>();

    List<Member> fresh = byAge.stream().filter(m -> m.fresh(generation)).toList();
    List<Member> freshReady = fresh.stream().filter(m -> m.state() == State.READY).toList();
    List<Member> stale =
        byAge.stream().filter(m -> !m.fresh(generation) && m.state() != State.DRAINING).toList();
    // A stale worker still booting is retired below, so it does not hold up a fresh one.
    boolean anyBooting = fresh.stream().anyMatch(m -> m.state() == State.BOOTING);
    // A worker never drains while another boots, in either order: a warm-up takes a core, and a
    // draining worker starved of CPU cannot finish the requests it has in time.
    boolean anyDraining = byAge.stream().anyMatch(m -> m.state() == State.DRAINING);

    // Stale workers go once enough fresh ones serve in their place and none still boots; booting
    // stale ones at once.
    long staleServing = stale.stream().filter(m -> m.state() == State.READY).count();
    long retireServing =
        anyBooting
            ? 0
            : Math.max(0, Math.min(staleServing, freshReady.size() + staleServing - target));
    List<Action> retirements = new ArrayList<>();
    boolean drainingSoon = anyDraining;
    for (Member m : stale) {
      if (m.state() == State.BOOTING) {
        retirements.add(new Retire(m.id()));
      } else if (retireServing > 0) {
        retirements.add(new Retire(m.id()));
        retireServing--;
        drainingSoon = true;
      }
    }

    // Capacity nobody provides (a worker died, TTIN) is started at once. Workers of an older
    // generation that still serve are replaced together; recycled ones one at a time.
    int missing = target - fresh.size();
    int lost = (int) Math.max(0, missing - staleServing);
    int replacing = missing - lost;
    long outdated =
        stale.stream()
            .filter(m -> m.state() == State.READY && m.generation() != generation)
            .count();
    int spawn =
        lost
            + (replacing > 0 && !anyBooting && !drainingSoon
                ? (int) Math.max(1, Math.min(replacing, outdated))
                : 0);
    if (spawn > 0) {
      actions.add(new Spawn(spawn));
    }

    // Too many fresh workers (TTOU): first those still booting, the youngest first, as they serve
    // nobody yet; then the oldest ready ones, never leaving fewer ready than the target, or none.
    int excess = fresh.size() - target;
    for (int i = fresh.size() - 1; i >= 0 && excess > 0; i--) {
      if (fresh.get(i).state() == State.BOOTING) {
        actions.add(new Retire(fresh.get(i).id()));
        excess--;
      }
    }
    int retireReady = Math.min(excess, freshReady.size() - Math.max(1, target));
    for (int i = 0; i < retireReady; i++) {
      actions.add(new Retire(freshReady.get(i).id()));
    }
    actions.addAll(retirements);
    return actions;
  }
}
