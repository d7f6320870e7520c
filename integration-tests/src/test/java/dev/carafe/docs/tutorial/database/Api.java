package dev.carafe.docs.tutorial.database;

import dev.carafe.Blueprint;
import dev.carafe.Carafe;
import dev.carafe.database.Database;
import java.util.Map;

/** The JSON API: the {@code api} blueprint under {@code /api}. */
final class Api {
  private Api() {}

  static Blueprint blueprint() {
    Blueprint api = new Blueprint("api", "/api");
    api.get("/hello", "hello", req -> Map.of("message", "Hello, World!"));
    api.get(
        "/whoami",
        "whoami",
        req -> Map.of("ip", req.remoteAddr(), "scheme", req.scheme(), "host", req.host()));
    api.get("/posts", "posts", req -> Posts.all(Database.of(req)));
    api.get(
        "/posts/<int:id>",
        "post",
        req ->
            Posts.byId(Database.of(req), req.intParam("id"))
                .orElseThrow(
                    () -> Carafe.abort(404, "Post " + req.intParam("id") + " does not exist.")));
    return api;
  }
}
