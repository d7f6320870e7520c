package dev.carafe.docs.tutorial.database;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.sql.SQLException;

/** The blog app: pages for people, a JSON API for programs, the posts in an SQLite database. */
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

    app.register(Blog.blueprint());
    app.register(Api.blueprint());
    // What clients ask for most: a new production worker requests these before taking traffic.
    app.warmUp("/api/hello", "/", "/api/posts");

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
