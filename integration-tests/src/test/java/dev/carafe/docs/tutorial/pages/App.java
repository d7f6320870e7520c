package dev.carafe.docs.tutorial.pages;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The micro-blog with its posts in memory: JSON routes (chapter 2) and pages (chapter 3). */
public final class App {
  // snippet:posts
  /** A blog post. Until the database arrives, the posts live in a list. */
  public record Post(int id, String title, String body) {}

  static final List<Post> POSTS =
      List.of(
          new Post(1, "Hello, Carafe", "The first post."),
          new Post(2, "Routes", "Rules, converters and <em>return values</em>."));

  // end-snippet:posts

  private App() {}

  /** The app factory. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    // snippet:index
    app.get("/", "index", req -> req.render("blog/index.html", Map.of("posts", POSTS)));
    // end-snippet:index
    // snippet:api
    app.get("/api/hello", req -> Map.of("message", "Hello, World!"));
    app.get("/api/posts", "posts", req -> POSTS);
    app.get("/api/posts/<int:id>", "post", req -> find(req.intParam("id")));
    // end-snippet:api
    // snippet:search
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
    // end-snippet:search
    // snippet:latest
    app.get(
        "/api/posts/latest",
        "latest_post",
        req -> Response.redirect(req.urlFor("post", Map.of("id", POSTS.size()))));
    // end-snippet:latest
    return app;
  }

  // snippet:find
  /** The post with this id; an empty Optional is a 404. */
  static Optional<Post> find(int id) {
    return POSTS.stream().filter(post -> post.id() == id).findFirst();
  }
  // end-snippet:find
}
