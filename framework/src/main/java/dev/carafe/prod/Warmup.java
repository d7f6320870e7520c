package dev.carafe.prod;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.LocalConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a new worker before it binds the shared port: requests through an in-memory connector run
 * the whole stack (HTTP parsing, Javalin, the app, Jackson) until the JIT has compiled the hot
 * paths, so the first real clients do not pay for a cold JVM.
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final int THREADS = 2;

  private Warmup() {}

  /** Sends {@code requests} GETs spread over {@code paths}; stops early at {@code limit}. */
  static void run(LocalConnector connector, List<String> paths, int requests, Duration limit)
      throws InterruptedException {
    if (requests <= 0 || paths.isEmpty()) {
      return;
    }
    for (String path : paths) {
      String head = send(connector, path).lines().findFirst().orElse("(no response)");
      if (!head.matches("HTTP/1\\.1 [23]\\d\\d.*")) {
        LOG.warn("Warm-up path {} answers '{}': check warmup_paths", path, head);
      }
    }
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    AtomicInteger next = new AtomicInteger();
    Thread[] threads = new Thread[THREADS];
    for (int t = 0; t < THREADS; t++) {
      threads[t] =
          new Thread(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                  send(connector, paths.get(i % paths.size()));
                }
              },
              "carafe-warmup-" + t);
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    LOG.info(
        "Warmed up with {} requests in {} ms",
        Math.min(next.get(), requests),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private static String send(LocalConnector connector, String path) {
    try {
      return connector.getResponse(
          "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
          5,
          TimeUnit.SECONDS);
    } catch (Exception e) {
      return "(" + e + ")";
    }
  }
}
