package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.test.CarafeTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTest {
  @TempDir Path instance;

  /** The app with a database of its own, in a folder JUnit makes for each test. */
  Carafe app() {
    return App.create(
        Config.defaults().with("database_url", "jdbc:sqlite:" + instance.resolve("test.sqlite")));
  }

  @Test
  void indexPageGreetsInTheSiteLayout() throws Exception {
    CarafeTest.test(
        app(),
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
        app(),
        (server, client) -> {
          var hello = client.get("/api/hello").asString();
          assertEquals(200, hello.getStatus());
          assertTrue(hello.getHeaders().getFirst("Content-Type").startsWith("application/json"));
          assertEquals("{\"message\":\"Hello, World!\"}", hello.getBody());
        });
  }

  @Test
  void greetingsComeFromTheDatabase() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          var greetings = client.get("/api/greetings").asString();
          assertEquals(200, greetings.getStatus());
          assertEquals(
              "[\"Hello, World!\",\"Hallo, Welt!\",\"Hola, Mundo!\"]", greetings.getBody());
        });
  }

  @Test
  void stylesheetIsServed() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          var css = client.get("/static/app.css").asString();
          assertEquals(200, css.getStatus());
          assertTrue(css.getHeaders().getFirst("Content-Type").startsWith("text/css"));
        });
  }
}
