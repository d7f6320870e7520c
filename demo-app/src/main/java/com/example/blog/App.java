package com.example.blog;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.HttpAbort;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.database.Database;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A micro-blog, the Java sibling of Flask's tutorial app: register, log in, write posts, edit and
 * delete your own, and read them as JSON.
 */
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

    for (int status : List.of(400, 401, 403, 404, 405, 413, 415, 429, 500)) {
      app.errorHandler(status, App::errorPage);
    }
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

  /** A page in the site's layout for people, problem JSON for the API and for JSON clients. */
  private static Object errorPage(Request request, HttpAbort error) {
    int status = error.status();
    String detail = status >= 500 ? "Something went wrong on our side." : error.getMessage();
    if (request.path().startsWith("/api/")
        || request.header("Accept").orElse("").contains("application/json")) {
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", HttpAbort.reason(status));
      problem.put("status", status);
      problem.put("detail", detail);
      return Response.of(status, problem).contentType("application/problem+json");
    }
    String title = HttpAbort.reason(status);
    return Response.of(
            status,
            request.render(
                "error.html", Map.of("status", status, "title", title, "detail", detail)))
        .contentType("text/html; charset=utf-8");
  }
}
