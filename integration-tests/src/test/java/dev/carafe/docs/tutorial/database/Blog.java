package dev.carafe.docs.tutorial.database;

import dev.carafe.Blueprint;
import dev.carafe.Request;
import dev.carafe.database.Database;
import java.sql.SQLException;
import java.util.Map;

/** The posts as pages: the {@code blog} blueprint at the root. */
final class Blog {
  private Blog() {}

  static Blueprint blueprint() {
    Blueprint blog = new Blueprint("blog");
    blog.get("/", "index", Blog::index);
    return blog;
  }

  private static Object index(Request request) throws SQLException {
    return request.render("blog/index.html", Map.of("posts", Posts.all(Database.of(request))));
  }
}
