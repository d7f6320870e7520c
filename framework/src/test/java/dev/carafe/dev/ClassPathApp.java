package dev.carafe.dev;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** An app compiled with the tests, so it is on the class path rather than in a project. */
public final class ClassPathApp {
  private ClassPathApp() {}

  /** The factory the dev server calls. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    app.get("/", req -> Map.of("from", "class path"));
    app.get("/docs/routing", req -> "routing");
    // Raw bodies from scripts, as an API would take them; token-authenticated, so no CSRF.
    app.post("/length", req -> Map.of("length", req.javalinContext().bodyAsBytes().length))
        .csrfExempt();
    app.post("/files", req -> Map.of("files", req.files().size())).csrfExempt();
    app.get(
        "/log",
        req -> {
          LoggerFactory.getLogger(ClassPathApp.class).info("the class path app logs");
          return "logged";
        });
    app.get(
        "/boom",
        req -> {
          throw new IllegalStateException("class path kaboom");
        });
    return app;
  }
}
