package dev.carafe.dev;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.Map;

/** An app compiled with the tests, so it is on the class path rather than in a project. */
public final class ClassPathApp {
  private ClassPathApp() {}

  /** The factory the dev server calls. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    app.get("/", req -> Map.of("from", "class path"));
    app.get(
        "/boom",
        req -> {
          throw new IllegalStateException("class path kaboom");
        });
    return app;
  }
}
