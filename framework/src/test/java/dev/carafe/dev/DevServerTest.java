package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevServerTest {
  @TempDir Path dir;

  @Test
  void unhandledExceptionShowsTheDebugPageWithTheFailingLine() throws Exception {
    TestProject project = TestProject.create(dir);
    try (DevServer server = project.start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      HttpResponse<String> page = client.get("/boom").header("Accept", "text/html").asString();
      assertEquals(500, page.getStatus());
      String html = page.getBody();
      assertTrue(html.contains("java.lang.IllegalStateException: kaboom"), html);
      assertTrue(html.contains("src/main/java/app/App.java:" + TestProject.THROW_LINE), html);
      assertTrue(
          html.contains("class=\"mark\"><span class=\"n\">" + TestProject.THROW_LINE + "</span>"),
          html);
      assertTrue(html.contains("throw new IllegalStateException(&quot;kaboom&quot;);"), html);
      assertTrue(html.contains("<td>Accept</td><td>text/html</td>"), html);
      assertTrue(html.contains(LiveReload.PATH), "the page reloads itself after a fix");

      HttpResponse<String> json =
          client.get("/boom").header("Accept", "application/json").asString();
      assertEquals(500, json.getStatus());
      assertTrue(
          json.getHeaders().getFirst("Content-Type").startsWith("application/problem+json"),
          json.getHeaders().getFirst("Content-Type"));
      assertTrue(json.getBody().contains("java.lang.IllegalStateException: kaboom"));
    }
  }

  @Test
  void htmlPagesGetTheLiveReloadScriptAndJsonDoesNot() throws Exception {
    TestProject project = TestProject.create(dir);
    try (DevServer server = project.start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      String page = client.get("/page").asString().getBody();
      assertTrue(page.endsWith("</script></body></html>"), page);
      HttpResponse<String> json = client.get("/").asString();
      assertEquals("{\"text\":\"hello\"}", json.getBody());
      assertEquals("16", json.getHeaders().getFirst("Content-Length"));
    }
  }

  @Test
  void aFailingAppFactoryShowsTheErrorAndTheNextGoodSaveServesAgain() throws Exception {
    TestProject project = TestProject.create(dir);
    try (DevServer server = project.start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      assertEquals(200, client.get("/").asString().getStatus());
      project.write(
          "src/main/java/app/App.java",
          TestProject.APP.replace(
              "Carafe app = Carafe.create(config);",
              "Carafe app = Carafe.create(config);\n"
                  + "    if (app != null) throw new IllegalArgumentException(\"bad setup\");"));
      server.reload(true).get(60, TimeUnit.SECONDS);
      HttpResponse<String> broken = client.get("/").header("Accept", "text/html").asString();
      assertEquals(500, broken.getStatus());
      assertTrue(broken.getBody().contains("The app failed to load"), broken.getBody());
      assertTrue(broken.getBody().contains("bad setup"), broken.getBody());
      assertFalse(broken.getBody().contains("<h2>Request</h2>"), "no request was involved");

      project.write("src/main/java/app/App.java", TestProject.APP);
      server.reload(true).get(60, TimeUnit.SECONDS);
      assertEquals(200, client.get("/").asString().getStatus());
    }
  }

  @Test
  void compileErrorsAnswerWithTheFileLineAndMessage() throws Exception {
    TestProject project = TestProject.create(dir);
    try (DevServer server = project.start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      assertEquals(200, client.get("/").asString().getStatus());
      project.write(
          "src/main/java/app/App.java",
          TestProject.APP.replace("new Greeting(\"hello\")", "new Greeting(\"hello\", 2)"));
      server.reload(true).get(60, TimeUnit.SECONDS);
      HttpResponse<String> page = client.get("/").header("Accept", "text/html").asString();
      assertEquals(500, page.getStatus());
      assertTrue(page.getBody().contains("1 compile error"), page.getBody());
      assertTrue(page.getBody().contains("src/main/java/app/App.java:11"), page.getBody());
      HttpResponse<String> json = client.get("/").header("Accept", "application/json").asString();
      assertTrue(json.getBody().contains("\"line\":11"), json.getBody());
    }
  }
}
