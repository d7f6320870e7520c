package dev.carafe.demo;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.Map;

/** The demo app: the application the tutorial builds and the run scripts serve. */
public final class DemoApp {
  private DemoApp() {}

  /** The app factory the dev and prod servers call. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    app.get("/", req -> "<!doctype html><title>Carafe</title><h1>Hello from Carafe</h1>");
    app.get("/api/hello", req -> Map.of("message", "Hello, World!"));
    app.get(
        "/api/whoami",
        req -> Map.of("ip", req.remoteAddr(), "scheme", req.scheme(), "host", req.host()));
    return app;
  }
}
