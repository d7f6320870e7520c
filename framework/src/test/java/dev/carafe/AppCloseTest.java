package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An app's teardown: what it holds (a pool, a client) closes with it. Flask has no app teardown
 * (teardown_appcontext runs per request); extensions there lean on the process ending.
 */
class AppCloseTest {
  /** An extension holding something to let go, as a connection pool does. */
  static final class Pool implements AutoCloseable {
    final List<String> log;

    Pool(List<String> log) {
      this.log = log;
    }

    @Override
    public void close() {
      log.add("pool");
    }
  }

  @Test
  void closeRunsTheResourcesInReverseOrderAndOnlyOnce() {
    List<String> closed = new ArrayList<>();
    Carafe app = Carafe.create(Config.defaults());
    app.onClose(() -> closed.add("first"));
    app.extension(Pool.class, self -> new Pool(closed));
    app.onClose(() -> closed.add("last"));
    app.close();
    app.close();
    assertEquals(List.of("last", "pool", "first"), closed);
  }

  @Test
  void aResourceThatFailsToCloseDoesNotKeepTheOthersOpen() {
    List<String> closed = new ArrayList<>();
    Carafe app = Carafe.create(Config.defaults());
    app.onClose(() -> closed.add("other"));
    app.onClose(
        () -> {
          throw new IllegalStateException("broken");
        });
    app.close();
    assertEquals(List.of("other"), closed);
  }

  @Test
  void aClosedAppClosesWhatItIsGivenAtOnceAndServesNoMore() {
    List<String> closed = new ArrayList<>();
    Carafe app = Carafe.create(Config.defaults());
    app.close();
    assertThrows(IllegalStateException.class, () -> app.onClose(() -> closed.add("late")));
    assertEquals(List.of("late"), closed);
    var serving = assertThrows(IllegalStateException.class, () -> app.start("127.0.0.1", 0));
    assertTrue(serving.getMessage().contains("closed"), serving.getMessage());
  }
}
