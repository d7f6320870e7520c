package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Config;
import dev.carafe.test.CarafeTest;
import org.junit.jupiter.api.Test;

class AppTest {
  @Test
  void indexPageGreetsInTheSiteLayout() throws Exception {
    CarafeTest.test(
        App.create(Config.defaults()),
        (server, client) -> {
          var page = client.get("/").asString();
          assertEquals(200, page.getStatus());
          assertTrue(page.getHeaders().getFirst("Content-Type").startsWith("text/html"));
          assertTrue(page.getBody().contains("<h1>Hello, World!</h1>"), page.getBody());
          // The layout links the stylesheet under a URL that changes with its content.
          assertTrue(page.getBody().contains("href=\"/static/app.css?v="), page.getBody());
        });
  }

  @Test
  void helloAnswersJson() throws Exception {
    CarafeTest.test(
        App.create(Config.defaults()),
        (server, client) -> {
          var hello = client.get("/api/hello").asString();
          assertEquals(200, hello.getStatus());
          assertTrue(hello.getHeaders().getFirst("Content-Type").startsWith("application/json"));
          assertEquals("{\"message\":\"Hello, World!\"}", hello.getBody());
        });
  }

  @Test
  void stylesheetIsServed() throws Exception {
    CarafeTest.test(
        App.create(Config.defaults()),
        (server, client) -> {
          var css = client.get("/static/app.css").asString();
          assertEquals(200, css.getStatus());
          assertTrue(css.getHeaders().getFirst("Content-Type").startsWith("text/css"));
        });
  }
}
