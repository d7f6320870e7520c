package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleCollectionTest {
  private static final long SECOND = 1_000_000_000L;
  private final IdleCollection idle = new IdleCollection(Duration.ofSeconds(10));

  @Test
  void aWorkerThatServedABurstThenWentQuietCollectsOnceUntilTheNextBurst() {
    assertFalse(idle.due(new Progress(500, 8, 0), 0));
    assertFalse(idle.due(new Progress(900, 0, 0), SECOND));
    assertFalse(idle.due(new Progress(903, 0, 0), 10 * SECOND), "quiet for 9 s only");
    assertTrue(idle.due(new Progress(905, 0, 0), 11 * SECOND), "health checks are still quiet");
    assertFalse(idle.due(new Progress(910, 0, 0), 60 * SECOND), "too little served since");
    assertFalse(idle.due(new Progress(2000, 0, 0), 61 * SECOND));
    assertFalse(idle.due(new Progress(2000, 0, 0), 70 * SECOND));
    assertTrue(idle.due(new Progress(2000, 0, 0), 71 * SECOND));
  }

  @Test
  void workWaitingForAThreadIsNeverQuiet() {
    assertFalse(idle.due(new Progress(1000, 8, 3), 0));
    assertFalse(idle.due(new Progress(1000, 8, 3), 60 * SECOND));
    assertFalse(idle.due(new Progress(1000, 0, 0), 61 * SECOND));
    assertTrue(idle.due(new Progress(1000, 0, 0), 71 * SECOND));
  }
}
