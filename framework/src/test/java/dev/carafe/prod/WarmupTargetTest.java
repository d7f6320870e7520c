package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    ProdConfig settings = ProdConfig.from(Config.builder().set("warmup_time", "1.5").build());
    Path cache = Files.writeString(dir.resolve("App-0123.aot"), "a cache");
    WarmupTarget.write(cache, 1000);

    Warmup.Plan worker = WarmupTarget.plan(settings, Optional.of(cache), false);
    assertEquals(Duration.ofMillis(1500), worker.limit());
    assertEquals(800, worker.target(), 0.001);
    assertEquals(settings.warmupRequests(), worker.requests());

    Warmup.Plan recorder = WarmupTarget.plan(settings, Optional.empty(), true);
    assertEquals(WarmupTarget.RECORDING, recorder.limit());
    assertEquals(0, recorder.target());
  }
}
