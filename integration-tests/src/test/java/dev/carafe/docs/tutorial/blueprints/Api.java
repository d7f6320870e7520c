package dev.carafe.docs.tutorial.blueprints;

import dev.carafe.Blueprint;
import dev.carafe.Carafe;
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
    api.get("/posts", "posts", req -> Posts.all());
    api.get(
        "/posts/<int:id>",
        "post",
        req ->
            Posts.byId(req.intParam("id"))
                .orElseThrow(
                    () -> Carafe.abort(404, "Post " + req.intParam("id") + " does not exist.")));
    return api;
  }
}
