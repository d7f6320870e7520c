package dev.carafe.docs.tutorial.blueprints;

// snippet:file
import dev.carafe.Carafe;
import dev.carafe.Config;

/** The micro-blog: pages for people, a JSON API for programs. */
public final class App {
  private App() {}

  /** The app factory the development and production servers call. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    app.register(Blog.blueprint());
    app.register(Api.blueprint());
    return app;
  }
}
// end-snippet:file
