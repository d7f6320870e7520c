package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmupTargetTest {
  @TempDir Path dir;

  @Test
  void aWorkerStartedFromARecordedCacheWarmsUpToAShareOfItsRecordersRate() throws Exception {
    Path cache = Files.writeString(dir.resolve("App-0123.aot"), "a cache");
    assertEquals(0, WarmupTarget.of(Optional.of(cache)), "no rate written down: no target");
    WarmupTarget.write(cache, 12_500.2);
    assertEquals(10_000, WarmupTarget.of(Optional.of(cache)), 0.001);
    assertEquals(0, WarmupTarget.of(Optional.empty()), "started from no cache: no target");
  }

  @Test
  void aWorkerWarmsUpForWarmupTimeAndARecorderLongerWithoutATarget() throws Exception {
    ProdConfig settings =
        ProdConfig.from(
            Config.builder().set("warmup_time", "1.5").set("serve_within", "2.5").build());
    Path cache = Files.writeString(dir.resolve("App-0123.aot"), "a cache");
    WarmupTarget.write(cache, 1000);
    Instant jvmStart = Instant.parse("2026-12-06T10:00:00Z");

    Warmup.Plan worker = WarmupTarget.plan(settings, Optional.of(cache), false, jvmStart);
    assertEquals(Duration.ofMillis(1500), worker.limit());
    assertEquals(800, worker.target(), 0.001);
    assertEquals(settings.warmupRequests(), worker.requests());
    assertEquals(jvmStart.plusMillis(2500), worker.endBy(), "serve_within from the JVM's start");

    Warmup.Plan recorder = WarmupTarget.plan(settings, Optional.empty(), true, jvmStart);
    assertEquals(WarmupTarget.RECORDING, recorder.limit());
    assertEquals(0, recorder.target());
    assertEquals(Instant.MAX, recorder.endBy(), "a recorder takes its time");
  }

  @Test
  void aWarmUpHasWhatIsLeftOfItsLimitAndItsBootBudget() {
    Instant now = Instant.parse("2026-12-06T10:00:01Z");
    Warmup.Plan plan = new Warmup.Plan(100, Duration.ofMillis(1500), 0, now.plusMillis(600));
    assertEquals(Duration.ofMillis(600), plan.left(now), "the budget ends first");
    assertEquals(Duration.ofMillis(1500), plan.left(now.minusSeconds(5)), "the limit ends first");
    assertEquals(Duration.ZERO, plan.left(now.plusSeconds(1)), "a boot past its budget");
    assertEquals(Duration.ofMillis(1500), new Warmup.Plan(1, Duration.ofMillis(1500), 0).left(now));
  }
}
