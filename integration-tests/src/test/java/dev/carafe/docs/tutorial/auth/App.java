package dev.carafe.docs.tutorial.auth;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The blog app: people register, log in and write posts; programs read them as JSON. */
public final class App {
  private App() {}

  /** The app factory that {@code mvn carafe:dev}, the packaged launcher and the tests call. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    Database database = database(app);
    try {
      database.createIfMissing();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open the database " + database.file() + ": " + e, e);
    }
    app.health().check("database", database::answers);
    app.teardownRequest((req, error) -> Database.close(req));

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
          database(self).reset();
          System.out.println("Initialized the database at " + database(self).file());
          return 0;
        });
    return app;
  }

  static Database database(Carafe app) {
    return app.extension(Database.class, self -> Database.from(self.config()));
  }
}
