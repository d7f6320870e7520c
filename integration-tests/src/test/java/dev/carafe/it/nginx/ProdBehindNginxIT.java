package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.it.Launched;
import dev.carafe.it.Load;
import dev.carafe.test.CarafeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ./run-prod.sh behind the shipped nginx: a rolling reload (HUP) and a killed worker under load
 * lose no request. Runs once run-prod.sh exists.
 */
class ProdBehindNginxIT {
  private Path pidFile;
  private Launched prod;
  private Nginx nginx;
  private int metricsPort;

  @BeforeEach
  void startProdBehindNginx() throws Exception {
    assumeTrue(
        Files.exists(Launched.repo().resolve("run-prod.sh")), "run-prod.sh is not there yet");
    int appPort = Launched.freePort();
    pidFile = Files.createTempFile("carafe-master-", ".pid");
    Files.delete(pidFile);
    metricsPort = Launched.freePort();
    prod =
        Launched.start(
            Launched.repo(),
            Map.of("CARAFE_SECRET_KEY", UUID.randomUUID() + "-" + UUID.randomUUID()),
            "./run-prod.sh",
            "--bind",
            "127.0.0.1:" + appPort,
            "--metrics-bind",
            "127.0.0.1:" + metricsPort,
            "--workers",
            "2",
            "--pid",
            pidFile.toString());
    prod.awaitHttp("http://127.0.0.1:" + appPort + "/readyz", 200, Duration.ofMinutes(3));
    // Both workers serve before a fault: killing the first ready one while the other still warms
    // up would leave nobody to retry on.
    prod.awaitLines("is ready (generation", 2, Duration.ofMinutes(4));
    nginx = Nginx.builder().app("127.0.0.1:" + appPort).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (prod != null) {
      prod.close();
    }
    if (pidFile != null) {
      Files.deleteIfExists(pidFile);
    }
  }

  @Test
  void aRollingReloadUnderLoadLosesNothing() throws Exception {
    long master = masterPid();
    Set<Long> before = workers(master);
    underLoad(
        "the reload",
        () -> Launched.kill("HUP", master),
        now -> now.size() >= before.size() && disjoint(now, before));
  }

  /**
   * The master counts the restart in its metrics, which it serves on a port of their own: nginx
   * passes the app's port alone, so {@code /metrics} through nginx is the app's 404.
   */
  @Test
  void aKilledWorkerUnderLoadLosesNothingAndIsCountedInMetricsNginxDoesNotServe() throws Exception {
    long master = masterPid();
    Set<Long> before = workers(master);
    long victim = before.iterator().next();
    underLoad(
        "the kill",
        () -> Launched.kill("KILL", victim),
        now -> now.size() >= before.size() && !now.contains(victim));
    try (UnirestInstance metrics = CarafeTest.client("http://127.0.0.1:" + metricsPort);
        UnirestInstance client = CarafeTest.client(nginx.url())) {
      var scrape = metrics.get("/metrics").asString();
      assertEquals(200, scrape.getStatus());
      assertTrue(
          scrape.getBody().contains("carafe_worker_restarts_total{reason=\"died\"} 1.0"),
          scrape.getBody());
      var proxied = client.get("/metrics").asString();
      assertEquals(404, proxied.getStatus());
      assertFalse(proxied.getBody().contains("carafe_worker"), proxied.getBody());
    }
  }

  private interface Fault {
    void strike() throws Exception;
  }

  /**
   * Strikes once the load through nginx is flowing, waits until the workers are {@code restored},
   * sees the load flow again, and fails on any request that failed meanwhile.
   */
  private void underLoad(String recovery, Fault fault, Predicate<Set<Long>> restored)
      throws Exception {
    long master = masterPid();
    Load load = Load.start(nginx.url(), "/api/hello", 4, 1_000_000, Duration.ofMinutes(3));
    try (load) {
      assertTrue(load.awaitSucceeded(300), "load before " + recovery + ": " + load.failures());
      fault.strike();
      awaitWorkers(master, restored);
      int atRecovery = load.succeeded();
      assertTrue(load.awaitSucceeded(atRecovery + 300), "load after " + recovery);
    }
    assertEquals(List.of(), load.failures(), nginx.diagnostics() + prod.output());
  }

  private long masterPid() throws Exception {
    for (int i = 0; i < 100 && !Files.exists(pidFile); i++) {
      Thread.sleep(100);
    }
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  private static Set<Long> workers(long master) {
    if (ProcessHandle.of(master).isEmpty()) {
      throw new AssertionError("the master " + master + " is gone");
    }
    return Launched.workersOf(master).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  private void awaitWorkers(long master, Predicate<Set<Long>> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!done.test(workers(master))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("workers now " + workers(master) + "\n" + prod.output());
      }
      Thread.sleep(100);
    }
  }

  private static boolean disjoint(Set<Long> a, Set<Long> b) {
    return a.stream().noneMatch(b::contains);
  }
}
