package ${package};

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Request;
import dev.carafe.database.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ${artifactId} app: every route, hook and setting starts in {@link #create}. */
public final class App {
  private App() {}

  /** The app factory that {@code mvn carafe:dev}, the packaged launcher and the tests call. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    // The pool, a connection per request, /readyz's check and the db-migrate command; in
    // development the migrations in src/main/resources/db run now.
    Database.of(app);

    app.get("/", "index", req -> req.render("index.html", Map.of("name", "World")));

    // A record, a Map or a List is answered as JSON.
    app.get("/api/hello", "hello", req -> Map.of("message", "Hello, World!"));
    app.get("/api/greetings", "greetings", App::greetings);

    // A new production worker requests these itself before it takes traffic, so it starts warm.
    app.warmUp("/", "/api/hello");
    return app;
  }

  /** The greetings the first migration stored, read with the request's connection. */
  private static List<String> greetings(Request request) throws SQLException {
    try (Statement sql = Database.of(request).createStatement();
        ResultSet rows = sql.executeQuery("SELECT message FROM greeting ORDER BY id")) {
      List<String> greetings = new ArrayList<>();
      while (rows.next()) {
        greetings.add(rows.getString("message"));
      }
      return greetings;
    }
  }
}
