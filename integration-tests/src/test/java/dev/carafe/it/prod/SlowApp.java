package dev.carafe.it.prod;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.Map;

/** A small app for prod-mode tests: a fast route and one that takes as long as asked. */
public final class SlowApp {
  private SlowApp() {}

  /** The app factory run-prod.sh calls through --app. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    app.get("/api/hello", req -> Map.of("message", "Hello, World!"));
    app.get(
        "/slow/<int:millis>",
        req -> {
          Thread.sleep(req.intParam("millis"));
          return Map.of("slept", req.intParam("millis"));
        });
    return app;
  }
}
