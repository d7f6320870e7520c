package com.example.blog;

import dev.carafe.Blueprint;
import dev.carafe.Carafe;
import dev.carafe.HttpAbort;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.database.Database;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API under {@code /api}. Writing needs HTTP Basic credentials of a registered user, not
 * the browser's session cookie, so the blueprint is exempt from CSRF checks.
 */
final class Api {
  /** The body of {@code POST /api/posts}. */
  record NewPost(String title, String body) {}

  private Api() {}

  static Blueprint blueprint() {
    Blueprint api = new Blueprint("api", "/api").csrfExempt();
    // Computed from the request alone, so served on the I/O thread without a hand-over.
    api.get("/hello", "hello", req -> Map.of("message", "Hello, World!")).nonBlocking();
    api.get(
            "/whoami",
            "whoami",
            req -> Map.of("ip", req.remoteAddr(), "scheme", req.scheme(), "host", req.host()))
        .nonBlocking();
    api.get("/posts", "posts", req -> Posts.all(Database.of(req)));
    api.get(
        "/posts/<int:id>",
        "post",
        req ->
            Posts.byId(Database.of(req), req.intParam("id"))
                .orElseThrow(
                    () -> Carafe.abort(404, "Post " + req.intParam("id") + " does not exist.")));
    api.post("/posts", "create_post", Api::create);
    return api;
  }

  private static Object create(Request request) throws SQLException {
    User author = basicAuth(request);
    NewPost post = request.json(NewPost.class);
    if (post.title() == null || post.title().isBlank()) {
      throw Carafe.abort(400, "A post needs a title.");
    }
    Post created =
        Posts.create(
            Database.of(request),
            author,
            post.title().strip(),
            post.body() == null ? "" : post.body());
    return Response.of(201, created)
        .header("Location", request.urlFor("api.post", Map.of("id", created.id())));
  }

  /** The user named by HTTP Basic credentials, or a 401 that asks for them. */
  private static User basicAuth(Request request) throws SQLException {
    Optional<String> header = request.header("Authorization");
    if (header.isPresent() && header.get().regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.get().substring(6).trim()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        Optional<User> user =
            PasswordChecks.of(request)
                .authenticate(request, decoded.substring(0, colon), decoded.substring(colon + 1));
        if (user.isPresent()) {
          return user.get();
        }
      }
    }
    throw new HttpAbort(
        401,
        "Send the username and password of a registered user with HTTP Basic authentication.",
        Map.of("WWW-Authenticate", "Basic realm=\"carafe-demo\", charset=\"UTF-8\""));
  }
}
