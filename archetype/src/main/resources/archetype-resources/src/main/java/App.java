package ${package};

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.Map;

/** The ${artifactId} app: every route, hook and setting starts in {@link #create}. */
public final class App {
  private App() {}

  /** The app factory that {@code mvn carafe:dev}, the packaged launcher and the tests call. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);

    app.get("/", "index", req -> req.render("index.html", Map.of("name", "World")));

    // A record, a Map or a List is answered as JSON.
    app.get("/api/hello", "hello", req -> Map.of("message", "Hello, World!"));

    // A new production worker requests these itself before it takes traffic, so it starts warm.
    app.warmUp("/", "/api/hello");
    return app;
  }
}
