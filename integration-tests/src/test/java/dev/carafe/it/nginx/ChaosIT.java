package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.it.Launched;
import dev.carafe.it.Load;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Chaos behind nginx: for a bounded time, under load, random workers are killed or frozen. No
 * request may fail, and the master must bring the pool back to full strength.
 */
class ChaosIT {
  private static final int WORKERS = 3;
  private static final Duration CHAOS = Duration.ofSeconds(30);
  private static final String READY = "is ready (generation"; // the master's line per ready worker

  @Test
  void killingAndFreezingRandomWorkersUnderLoadFailsNoRequest() throws Exception {
    int appPort = Launched.freePort();
    Path pidFile = Files.createTempFile("carafe-chaos-", ".pid");
    Files.delete(pidFile);
    try (Launched prod =
            Launched.start(
                Launched.repo(),
                Map.of(
                    "CARAFE_SECRET_KEY",
                    UUID.randomUUID() + "-" + UUID.randomUUID(),
                    "CARAFE_WARMUP_REQUESTS",
                    "300"),
                "./run-prod.sh",
                "--bind",
                "127.0.0.1:" + appPort,
                "--workers",
                String.valueOf(WORKERS),
                // Short enough to replace a frozen worker within the chaos, long enough for a
                // worker booting on a busy machine to send its heartbeats.
                "--timeout",
                "10",
                "--request-timeout",
                "8",
                "--pid",
                pidFile.toString());
        Nginx nginx = startNginx(prod, appPort)) {
      long master = Long.parseLong(Files.readString(pidFile).trim());
      Random random = new Random(42);
      List<String> actions = new ArrayList<>();
      Load load = Load.start(nginx.url(), "/api/hello", 4, 1_000_000, CHAOS.plusSeconds(60));
      try (load) {
        assertTrue(load.awaitSucceeded(200), "load before the chaos: " + load.failures());
        long end = System.nanoTime() + CHAOS.toNanos();
        while (System.nanoTime() < end) {
          // One fault at a time: strike a worker, then wait until its replacement reports ready.
          // Striking faster than the pool heals could take every worker down at once, and then
          // no server can answer.
          int ready = prod.linesContaining(READY);
          List<Long> workers = workers(master);
          long victim = workers.get(random.nextInt(workers.size()));
          String signal = actions.size() % 2 == 0 ? "KILL" : "STOP"; // both kinds of fault
          Launched.kill(signal, victim);
          actions.add(signal + " " + victim);
          prod.awaitLines(READY, ready + 1, Duration.ofMinutes(3));
          Thread.sleep(500 + random.nextInt(1_500));
        }
        awaitFullPool(master);
        int afterChaos = load.succeeded();
        assertTrue(load.awaitSucceeded(afterChaos + 200), "load after the chaos");
      }
      System.out.printf(
          "chaos: %s; %d requests succeeded, %d failed%n",
          actions, load.succeeded(), load.failures().size());
      assertEquals(
          List.of(), load.failures(), actions + "\n" + nginx.diagnostics() + prod.output());
    }
  }

  private static Nginx startNginx(Launched prod, int appPort) throws Exception {
    prod.awaitHttp("http://127.0.0.1:" + appPort + "/readyz", 200, Duration.ofMinutes(3));
    return Nginx.builder().app("127.0.0.1:" + appPort).start();
  }

  /** Live, not frozen workers. */
  private static List<Long> workers(long master) {
    return Launched.workersOf(master).stream()
        .map(ProcessHandle::pid)
        .filter(pid -> !isStopped(pid))
        .toList();
  }

  private static boolean isStopped(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
    } catch (Exception gone) {
      return true;
    }
  }

  private static void awaitFullPool(long master) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (workers(master).size() < WORKERS || Launched.workersOf(master).size() != WORKERS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the pool did not recover: " + workers(master));
      }
      Thread.sleep(200);
    }
  }
}
