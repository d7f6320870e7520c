package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebouncerTest {
  private static final long MS = 1_000_000;

  @Test
  void aBurstBecomesOneBatchOnceItIsQuiet() {
    Debouncer<String> debouncer = new Debouncer<>(50 * MS, 1000 * MS);
    debouncer.add("App.java", 0);
    debouncer.add("App.java~", 3 * MS);
    debouncer.add("App.java", 5 * MS);
    assertTrue(debouncer.nanosUntilReady(30 * MS) > 0, "not quiet yet");
    assertEquals(50 * MS, debouncer.nanosUntilReady(5 * MS));
    assertTrue(debouncer.nanosUntilReady(55 * MS) <= 0);
    assertEquals(List.of("App.java", "App.java~"), debouncer.drain());
    assertTrue(debouncer.isEmpty());
  }

  @Test
  void eachNewEventRestartsTheQuietPeriod() {
    Debouncer<String> debouncer = new Debouncer<>(50 * MS, 1000 * MS);
    debouncer.add("a", 0);
    debouncer.add("b", 40 * MS);
    assertTrue(debouncer.nanosUntilReady(60 * MS) > 0);
    assertTrue(debouncer.nanosUntilReady(90 * MS) <= 0);
  }

  @Test
  void aConstantTrickleCannotPostponeTheBatchBeyondTheMaximumDelay() {
    Debouncer<Integer> debouncer = new Debouncer<>(50 * MS, 200 * MS);
    for (int i = 0; i <= 10; i++) {
      debouncer.add(i, i * 20 * MS);
    }
    assertTrue(debouncer.nanosUntilReady(200 * MS) <= 0);
    assertEquals(11, debouncer.drain().size());
  }

  @Test
  void anEmptyDebouncerIsNeverReady() {
    Debouncer<String> debouncer = new Debouncer<>(50 * MS, 1000 * MS);
    assertEquals(Long.MAX_VALUE, debouncer.nanosUntilReady(0));
    assertTrue(debouncer.drain().isEmpty());
  }
}
