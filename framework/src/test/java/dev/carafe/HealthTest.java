package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthTest {
  @Test
  void healthzIsAliveAndReadyzReadyOnceServing() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          assertEquals(200, client.get("/healthz").asString().getStatus());
          var ready = client.get("/readyz").asString();
          assertEquals(200, ready.getStatus());
          assertTrue(ready.getBody().contains("\"ready\""), ready.getBody());
        });
  }

  @Test
  void readyzIs503WhileDraining() throws Exception {
    Carafe app = app();
    CarafeTest.test(
        app,
        (server, client) -> {
          app.health().draining();
          var r = client.get("/readyz").asString();
          assertEquals(503, r.getStatus());
          assertTrue(r.getBody().contains("draining"), r.getBody());
          assertEquals(200, client.get("/healthz").asString().getStatus());
        });
  }

  @Test
  void failingReadinessCheckMakesReadyz503() throws Exception {
    AtomicBoolean database = new AtomicBoolean(true);
    Carafe app = app();
    app.health().check("database", database::get);
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals(200, client.get("/readyz").asString().getStatus());
          database.set(false);
          var r = client.get("/readyz").asString();
          assertEquals(503, r.getStatus());
          assertTrue(r.getBody().contains("\"database\":false"), r.getBody());
        });
  }

  @Test
  void checkThatThrowsCountsAsFailing() {
    Carafe app = app();
    app.health()
        .check(
            "broken",
            () -> {
              throw new IllegalStateException();
            });
    assertEquals(false, app.health().runChecks().get("broken"));
  }

  @Test
  void healthEndpointsCanBeTurnedOff() {
    Carafe app = AppTesting.app("health_endpoints", "false");
    assertTrue(app.routes().stream().noneMatch(r -> r.endpoint().equals("healthz")));
  }

  @Test
  void drainingIsFinalReadyCannotUndoIt() {
    Health health = app().health();
    health.draining();
    health.ready();
    assertEquals(Health.State.DRAINING, health.state());
  }
}
