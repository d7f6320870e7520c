package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void aHeartbeatCarriesWhatThePoolHasDone() {
    Progress progress = new Progress(123_456_789_012L, 8, 16);
    assertEquals("beat 123456789012 8 16", progress.wire());
    assertEquals(Optional.of(progress), Progress.parse(progress.wire()));
  }

  @Test
  void otherLinesAreNoHeartbeat() {
    for (String line : new String[] {"ready", "beat", "beat 1 2", "beat one 2 3", "beat 1 2 3 4"}) {
      assertEquals(Optional.empty(), Progress.parse(line), line);
    }
  }

  @Test
  void aWorkerNamesItsMetricsPortOnALineOfItsOwn() {
    assertEquals("metrics 41234", new MetricsPort(41234).wire());
    assertEquals(Optional.of(new MetricsPort(41234)), MetricsPort.parse("metrics 41234"));
    for (String line : new String[] {"ready", "metrics", "metrics x", "metrics 0", "beat 1 2 3"}) {
      assertEquals(Optional.empty(), MetricsPort.parse(line), line);
    }
  }
}
