package dev.carafe.docs.tutorial.auth;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.database.Database;
import java.util.HashMap;
import java.util.Map;

/** The blog app: people register, log in and write posts; programs read them as JSON. */
public final class App {
  private App() {}

  /** The app factory that {@code mvn carafe:dev}, the packaged launcher and the tests call. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    // The pool, a connection per request, /readyz's check and the db-migrate command; in
    // development the migrations in src/main/resources/db run now.
    Database.of(app);

    app.register(Auth.blueprint());
    app.register(Blog.blueprint());
    app.register(Api.blueprint());
    // What clients ask for most: a new production worker requests these before taking traffic.
    app.warmUp("/api/hello", "/", "/api/posts");

    app.contextProcessor(
        req -> {
          Map<String, Object> values = new HashMap<>();
          Auth.currentUser(req).ifPresent(user -> values.put("user", user));
          return values;
        });
    // "2025-06-01T09:30:00Z" -> "2025-06-01": posts show the day they were written.
    app.templateFilter("day", (value, args) -> String.valueOf(value).split("T", 2)[0]);

    app.command(
        "init-db",
        "Create the database tables, deleting any existing data.",
        (self, args) -> {
          Database database = Database.of(self);
          database.reset();
          System.out.println("Initialized the database at " + database.url());
          return 0;
        });
    return app;
  }
}
