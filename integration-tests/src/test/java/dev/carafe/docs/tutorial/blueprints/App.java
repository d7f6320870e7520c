package dev.carafe.docs.tutorial.blueprints;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.database.Database;

/** The blog app: pages for people, a JSON API for programs. */
public final class App {
  private App() {}

  /** The app factory that {@code mvn carafe:dev}, the packaged launcher and the tests call. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    // The pool, a connection per request, /readyz's check and the db-migrate command; in
    // development the migrations in src/main/resources/db run now.
    Database.of(app);

    app.register(Blog.blueprint());
    app.register(Api.blueprint());
    // What clients ask for most: a new production worker requests these before taking traffic.
    app.warmUp("/api/hello", "/", "/api/posts");
    return app;
  }
}
