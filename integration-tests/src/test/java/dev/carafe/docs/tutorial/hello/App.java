package dev.carafe.docs.tutorial.hello;

// snippet:file
import dev.carafe.Carafe;
import dev.carafe.Config;

/** The micro-blog. For now, one page. */
public final class App {
  private App() {}

  /** The app factory: the development and production servers call it with the configuration. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    app.get("/", req -> "<h1>Hello, Carafe!</h1>");
    return app;
  }
}
// end-snippet:file
