package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flask's {@code @app.route("/users/", defaults={"page": 1})} stacked on {@code
 * @app.route("/users/page/<int:page>")}: one endpoint, two rules.
 */
class RouteDefaultsTest {
  private static Carafe usersApp() {
    Carafe app = app();
    View users = req -> "users page " + req.longParam("page");
    app.get("/users/", "users", users).defaults(Map.of("page", 1));
    app.get("/users/page/<int:page>", "users", users);
    app.get(
        "/links",
        req -> {
          Map<String, Object> none = new HashMap<>();
          none.put("page", null);
          return req.urlFor("users", Map.of("page", 1))
              + " "
              + req.urlFor("users", Map.of("page", 2))
              + " "
              + req.urlFor("users")
              + " "
              + req.urlFor("users", none);
        });
    return app;
  }

  @Test
  void theViewSeesTheDefaultAndEachRuleServesItsPages() throws Exception {
    CarafeTest.test(
        usersApp(),
        (server, client) -> {
          // Flask: /users/ -> page 1, /users/page/2 -> page 2
          assertEquals("users page 1", client.get("/users/").asString().getBody());
          assertEquals("users page 2", client.get("/users/page/2").asString().getBody());
        });
  }

  @Test
  void theDefaultsPageRedirectsToTheCanonicalUrlKeepingTheQuery() throws Exception {
    CarafeTest.test(
        usersApp(),
        (server, client) -> {
          // Flask: /users/page/1?q=2 -> 308 /users/?q=2
          var r = client.get("/users/page/1?q=2").asString();
          assertEquals(308, r.getStatus());
          assertEquals("/users/?q=2", r.getHeaders().getFirst("Location"));
        });
  }

  @Test
  void urlForPicksTheRuleWhoseDefaultsFit() throws Exception {
    CarafeTest.test(
        usersApp(),
        (server, client) ->
            // Flask: url_for("users", page=1) /users/, page=2 /users/page/2, no page /users/,
            // page=None /users/
            assertEquals(
                "/users/ /users/page/2 /users/ /users/",
                client.get("/links").asString().getBody()));
  }

  @Test
  void anotherViewUnderATakenEndpointIsRefused() {
    Carafe app = app();
    app.get("/users/", "users", req -> "one");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> app.get("/users/page/<int:page>", "users", req -> "two"));
    assertTrue(e.getMessage().contains("pass the same View object"), e.getMessage());
    Blueprint blog = new Blueprint("blog");
    View list = req -> "list";
    blog.get("/", "index", list).defaults(Map.of("page", 1));
    blog.get("/page/<int:page>", "index", list);
    assertThrows(IllegalArgumentException.class, () -> blog.get("/all", "index", req -> ""));
  }
}
