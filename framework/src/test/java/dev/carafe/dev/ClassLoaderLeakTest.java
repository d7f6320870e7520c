package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassLoaderLeakTest {
  private static final int RELOADS = 200;
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void oldGenerationsAreCollectedAndTheHeapDoesNotGrowOverTwoHundredReloads() throws Exception {
    TestProject project = TestProject.create(dir);
    List<WeakReference<ClassLoader>> generations = new ArrayList<>();
    long heapEarly = 0;
    try (DevServer server = project.start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      for (int i = 1; i <= RELOADS; i++) {
        // Each generation serves JSON (Jackson caches its record), HTML and a debug page.
        assertEquals("{\"text\":\"hello\"}", client.get("/").asString().getBody());
        assertEquals(200, client.get("/page").asString().getStatus());
        assertEquals(500, client.get("/boom").asString().getStatus());
        generations.add(new WeakReference<>(server.slot().current().app().orElseThrow().loader()));
        server.reload(i % 20 == 0).get(60, TimeUnit.SECONDS);
        if (i == 20) {
          heapEarly = usedHeapAfterGc();
        }
      }
      assertEquals(200, client.get("/").asString().getStatus());
      long heapLate = usedHeapAfterGc();
      int alive = awaitCollected(generations);
      assertEquals(0, alive, alive + " of " + RELOADS + " old class loaders are still reachable");
      assertTrue(
          heapLate - heapEarly < 4 * MB,
          "heap after GC grew from " + heapEarly / 1024 + " KB to " + heapLate / 1024 + " KB");
    }
  }

  private static int awaitCollected(List<WeakReference<ClassLoader>> generations)
      throws InterruptedException {
    int alive = generations.size();
    for (int attempt = 0; attempt < 20 && alive > 0; attempt++) {
      System.gc();
      Thread.sleep(50);
      alive = (int) generations.stream().filter(r -> r.get() != null).count();
    }
    return alive;
  }

  /**
   * The smallest of a few readings after a full GC: pools (Jetty's buffers, the HTTP client's) come
   * and go, a leak stays. A generation is a few hundred kilobytes, so 180 leaked ones would be tens
   * of megabytes.
   */
  private static long usedHeapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
