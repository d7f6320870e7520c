package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.internal.ServerView;
import java.util.List;
import org.junit.jupiter.api.Test;

class MisuseTest {
  @Test
  void routeAfterStartFailsAndSaysWhatToDo() {
    Carafe app = app();
    app.start("127.0.0.1", 0);
    try {
      var e = assertThrows(IllegalStateException.class, () -> app.get("/late", req -> ""));
      assertTrue(e.getMessage().contains("already started serving"), e.getMessage());
      assertTrue(e.getMessage().contains("before start()"), e.getMessage());
    } finally {
      app.stop();
    }
  }

  @Test
  void hooksAndBlueprintsAfterStartFail() {
    Carafe app = app();
    ServerView.of(app).createServer(c -> {});
    assertThrows(IllegalStateException.class, () -> app.beforeRequest(req -> null));
    assertThrows(IllegalStateException.class, () -> app.register(new Blueprint("late")));
    assertThrows(IllegalStateException.class, () -> app.errorHandler(404, (req, e) -> ""));
  }

  @Test
  void routeOnARegisteredBlueprintAfterStartFails() {
    Blueprint bp = new Blueprint("bp");
    Carafe app = app().register(bp);
    ServerView.of(app).createServer(c -> {});
    assertThrows(IllegalStateException.class, () -> bp.get("/late", req -> ""));
  }

  @Test
  void duplicateEndpointNameNamesTheOtherRouteAndTheFix() {
    Carafe app = app();
    app.get("/a", "home", req -> "");
    var e = assertThrows(IllegalArgumentException.class, () -> app.get("/b", "home", req -> ""));
    assertTrue(e.getMessage().contains("already taken by /a"), e.getMessage());
    assertTrue(e.getMessage().contains("explicit endpoint name"), e.getMessage());
  }

  @Test
  void badConverterFailsAtRegistration() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> app().get("/x/<double:v>", req -> ""));
    assertTrue(e.getMessage().contains("Unknown converter"), e.getMessage());
  }

  @Test
  void unknownMethodFailsAtRegistration() {
    assertThrows(
        IllegalArgumentException.class, () -> app().route("/x", List.of("FETCH"), req -> ""));
  }

  @Test
  void endpointNamesWithDotsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> app().get("/x", "a.b", req -> ""));
  }

  @Test
  void startingTwiceFails() {
    Carafe app = app();
    app.start("127.0.0.1", 0);
    try {
      assertThrows(IllegalStateException.class, () -> app.start("127.0.0.1", 0));
    } finally {
      app.stop();
    }
  }

  @Test
  void productionModeRefusesToServeWithoutASecret() {
    Carafe app = AppTesting.app("mode", "production");
    var e =
        assertThrows(IllegalStateException.class, () -> ServerView.of(app).createServer(c -> {}));
    assertTrue(e.getMessage().contains("Refusing to start in production"), e.getMessage());
  }

  @Test
  void debugErrorPagesAreRefusedInProduction() {
    Carafe app = AppTesting.app("mode", "production");
    assertThrows(IllegalStateException.class, () -> ServerView.of(app).propagateExceptions());
  }

  @Test
  void portBeforeStartFailsClearly() {
    assertThrows(IllegalStateException.class, () -> app().port());
  }
}
