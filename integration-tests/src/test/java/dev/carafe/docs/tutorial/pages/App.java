package dev.carafe.docs.tutorial.pages;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Response;
import dev.carafe.database.Database;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The blog app: every route, hook and setting starts in {@link #create}. */
public final class App {
  /** A blog post. Until the database arrives, the posts live in a list. */
  public record Post(int id, String title, String body) {}

  static final List<Post> POSTS =
      List.of(
          new Post(1, "Hello, Carafe", "The first post."),
          new Post(2, "Routes", "Rules, converters and <em>return values</em>."));

  private App() {}

  /** The app factory that {@code mvn carafe:dev}, the packaged launcher and the tests call. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    // The pool, a connection per request, /readyz's check and the db-migrate command; in
    // development the migrations in src/main/resources/db run now.
    Database.of(app);

    app.get("/", "index", req -> req.render("blog/index.html", Map.of("posts", POSTS)));

    // A record, a Map or a List is answered as JSON.
    app.get("/api/hello", "hello", req -> Map.of("message", "Hello, World!"));
    app.get("/api/posts", "posts", req -> POSTS);
    app.get("/api/posts/<int:id>", "post", req -> find(req.intParam("id")));
    app.get(
        "/api/search",
        "search",
        req -> {
          String words = req.args().get("q", "").strip();
          if (words.isEmpty()) {
            throw Carafe.abort(400, "Say what to look for: /api/search?q=words");
          }
          return POSTS.stream().filter(post -> post.title().contains(words)).toList();
        });
    app.get(
        "/api/posts/latest",
        "latest_post",
        req -> Response.redirect(req.urlFor("post", Map.of("id", POSTS.size()))));

    // A new production worker requests these itself before it takes traffic, so it starts warm.
    app.warmUp("/", "/api/hello");
    return app;
  }

  /** The post with this id; an empty Optional is a 404. */
  static Optional<Post> find(int id) {
    return POSTS.stream().filter(post -> post.id() == id).findFirst();
  }
}
