package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
  record User(int id, String name) {}

  @Test
  void typedRoutesRenderHtmlAndJson() throws Exception {
    Carafe app = Carafe.create(Config.defaults());
    app.get("/users/<int:id>", req -> new User(req.intParam("id"), "ann"));
    app.get("/hello/<name>", req -> "Hello " + req.param("name"));
    app.get("/projects/", req -> "projects");
    app.post("/items", req -> Map.of("got", req.json().get("x").asInt()));
    CarafeTest.test(
        app,
        (server, client) -> {
          var user = client.get("/users/7").asString();
          assertEquals(200, user.getStatus());
          assertEquals("{\"id\":7,\"name\":\"ann\"}", user.getBody());
          assertEquals(404, client.get("/users/abc").asString().getStatus());
          assertEquals("Hello bob", client.get("/hello/bob").asString().getBody());
          var redirect = client.get("/projects?x=1").asString();
          assertEquals(308, redirect.getStatus());
          assertEquals("/projects/?x=1", redirect.getHeaders().getFirst("Location"));
          var wrong = client.delete("/hello/bob").asString();
          assertEquals(405, wrong.getStatus());
          assertEquals("GET, HEAD, OPTIONS", wrong.getHeaders().getFirst("Allow"));
          var bad =
              client
                  .post("/items")
                  .header("Content-Type", "application/json")
                  .body("{x:")
                  .asString();
          assertEquals(400, bad.getStatus());
          assertTrue(bad.getBody().contains("Malformed JSON"), bad.getBody());
          var json =
              client
                  .post("/items")
                  .header("Content-Type", "application/json")
                  .body("{\"x\":3}")
                  .asString();
          assertEquals("{\"got\":3}", json.getBody());
          assertEquals(200, client.get("/healthz").asString().getStatus());
          assertEquals(200, client.get("/readyz").asString().getStatus());
        });
  }
}
