package com.example.blog;

import dev.carafe.Blueprint;
import dev.carafe.Carafe;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.database.Database;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** The posts as pages: list, create, edit, delete (the {@code blog} blueprint at the root). */
final class Blog {
  private Blog() {}

  static Blueprint blueprint() {
    Blueprint blog = new Blueprint("blog");
    blog.get("/", "index", Blog::index);
    blog.route("/create", List.of("GET", "POST"), "create", Auth.loginRequired(Blog::create));
    blog.route(
        "/<int:id>/update", List.of("GET", "POST"), "update", Auth.loginRequired(Blog::update));
    blog.post("/<int:id>/delete", "delete", Auth.loginRequired(Blog::delete));
    return blog;
  }

  private static Object index(Request request) throws SQLException {
    return request.render("blog/index.html", Map.of("posts", Posts.all(Database.of(request))));
  }

  private static Object create(Request request) throws SQLException {
    if (request.method().equals("POST")) {
      String title = request.form().get("title", "").strip();
      String body = request.form().get("body", "");
      if (title.isEmpty()) {
        request.session().flash("Title is required.", "error");
      } else {
        User author = Auth.currentUser(request).orElseThrow();
        Posts.create(Database.of(request), author, title, body);
        return Response.redirect(request.urlFor("blog.index"));
      }
    }
    return request.render("blog/create.html", Map.of());
  }

  private static Object update(Request request) throws SQLException {
    Post post = ownPost(request);
    if (request.method().equals("POST")) {
      String title = request.form().get("title", "").strip();
      String body = request.form().get("body", "");
      if (title.isEmpty()) {
        request.session().flash("Title is required.", "error");
      } else {
        Posts.update(Database.of(request), post.id(), title, body);
        return Response.redirect(request.urlFor("blog.index"));
      }
    }
    return request.render("blog/update.html", Map.of("post", post));
  }

  private static Object delete(Request request) throws SQLException {
    Post post = ownPost(request);
    Posts.delete(Database.of(request), post.id());
    request.session().flash("Deleted \"" + post.title() + "\".", "success");
    return Response.redirect(request.urlFor("blog.index"));
  }

  /** The post in the URL: 404 when there is none, 403 when someone else wrote it. */
  private static Post ownPost(Request request) throws SQLException {
    Post post =
        Posts.byId(Database.of(request), request.intParam("id"))
            .orElseThrow(
                () -> Carafe.abort(404, "Post " + request.intParam("id") + " does not exist."));
    if (post.authorId() != Auth.currentUser(request).orElseThrow().id()) {
      throw Carafe.abort(403, "Only its author may change this post.");
    }
    return post;
  }
}
