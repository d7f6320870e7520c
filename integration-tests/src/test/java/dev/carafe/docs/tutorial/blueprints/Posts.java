package dev.carafe.docs.tutorial.blueprints;

import java.util.List;
import java.util.Optional;

/** The posts, in memory until the database arrives. Pages and JSON API both read them here. */
final class Posts {
  private static final List<Post> POSTS =
      List.of(
          new Post(1, "Hello, Carafe", "The first post."),
          new Post(2, "Blueprints", "Routes grouped by what they are for."));

  private Posts() {}

  static List<Post> all() {
    return POSTS;
  }

  static Optional<Post> byId(long id) {
    return POSTS.stream().filter(post -> post.id() == id).findFirst();
  }
}
