package dev.carafe.dev;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.carafe.RawHttp;
import dev.carafe.test.CarafeTest;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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
      assertTrue(html.contains("frames of libraries and Carafe</summary>"), "server frames fold");
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
  void whatJettyAnswersItselfCarriesTheSecurityHeaders() throws Exception {
    TestProject project = TestProject.create(dir);
    try (DevServer server = project.start()) {
      for (String request :
          List.of(
              "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
              "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n")) {
        String answer = RawHttp.exchange(server.port(), request);
        assertTrue(RawHttp.status(answer) >= 400, answer);
        assertTrue(RawHttp.hasHeader(answer, "X-Frame-Options", "SAMEORIGIN"), answer);
        assertTrue(RawHttp.hasHeader(answer, "X-Content-Type-Options", "nosniff"), answer);
      }
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
      assertTrue(
          page.getBody().matches("(?s).*<div class=\"caret\"><span class=\"n\"></span> +\\^.*"),
          "a caret under the column at fault: " + page.getBody());
      HttpResponse<String> json = client.get("/").header("Accept", "application/json").asString();
      assertTrue(json.getBody().contains("\"line\":11"), json.getBody());
    }
  }

  @Test
  void appsUseLibrariesFromTheExtraClassPath() throws Exception {
    Path library = dir.resolve("library");
    Path source = dir.resolve("library-src/lib/Shout.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        "package lib;\npublic final class Shout {\n"
            + "  public static String loud(String s) { return s.toUpperCase() + \"!\"; }\n}\n");
    Files.createDirectories(library);
    assertEquals(
        0,
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", library.toString(), source.toString()));
    TestProject project =
        TestProject.create(dir.resolve("app"))
            .write(
                "src/main/java/app/App.java",
                TestProject.APP.replace("new Greeting(\"hello\")", "lib.Shout.loud(\"hello\")"));
    try (DevServer server =
            DevServer.builder("app.App")
                .project(project.root)
                .port(0)
                .warmUpCompiles(0)
                .classPath(List.of(library))
                .console(
                    new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                .start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      String body = client.get("/").asString().getBody();
      assertTrue(body.startsWith("HELLO!<script>"), body);
    }
  }

  @Test
  void anIdleFullCompileCatchesWhatTheQuickCompileMissed() throws Exception {
    // Use names only Mid, so changing Base's method does not recompile it: the quick compile
    // leaves a stale call behind, which the idle full compile then fixes.
    TestProject project =
        TestProject.create(dir)
            .write(
                "src/main/java/app/Base.java",
                "package app;\npublic class Base {\n"
                    + "  public String word() { return \"old\"; }\n}\n")
            .write("src/main/java/app/Mid.java", "package app;\npublic class Mid extends Base {}\n")
            .write(
                "src/main/java/app/Use.java",
                "package app;\nfinal class Use {\n"
                    + "  static Object say(Mid m) { return m.word(); }\n}\n")
            .write(
                "src/main/java/app/App.java",
                TestProject.APP.replace(
                    "new Greeting(\"hello\")", "new Greeting(String.valueOf(Use.say(new Mid())))"));
    try (DevServer server = project.start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      assertEquals("{\"text\":\"old\"}", client.get("/").asString().getBody());
      project.write(
          "src/main/java/app/Base.java",
          "package app;\npublic class Base {\n  public Object word() { return \"new\"; }\n}\n");
      server.reload(true).get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String body = "";
      while (System.nanoTime() < deadline && !body.equals("{\"text\":\"new\"}")) {
        body = client.get("/").header("Accept", "application/json").asString().getBody();
        Thread.sleep(50);
      }
      assertEquals("{\"text\":\"new\"}", body);
    }
  }

  @Test
  void aSaveIsCompiledWhileItsEventsSettleAndTheReloadServesThatCompile() throws Exception {
    TestProject project = TestProject.create(dir);
    try (DevServer server =
            DevServer.builder("app.App")
                .project(project.root)
                .port(0)
                .warmUpCompiles(0)
                .quietPeriod(Duration.ofHours(1)) // events never settle by themselves here
                .console(
                    new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                .start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      for (String word : List.of("bonjour", "hej")) {
        int before = server.compilations();
        project.save(
            "src/main/java/app/App.java",
            TestProject.APP.replace("new Greeting(\"hello\")", "new Greeting(\"" + word + "\")"));
        await("the save's compile")
            .atMost(Duration.ofMinutes(1))
            .until(() -> server.compilations() > before);
        assertEquals(AppSlot.Phase.RELOADING, server.slot().current().phase());
        int compiled = server.compilations();
        server.reload(true).get(60, TimeUnit.SECONDS);
        assertEquals(compiled, server.compilations(), "the reload found its classes compiled");
        assertEquals("{\"text\":\"" + word + "\"}", client.get("/").asString().getBody());
      }
    }
  }

  @Test
  void aRestartWithUnchangedSourcesServesTheLastCompileWithoutCompiling() throws Exception {
    TestProject project = TestProject.create(dir);
    try (DevServer server = project.start()) {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      assertEquals(1, server.compilations());
    }
    try (DevServer server = project.start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      assertEquals("{\"text\":\"hello\"}", client.get("/").asString().getBody());
      assertEquals(0, server.compilations());
    }
  }

  @Test
  void stoppingWithABrowsersKeepAliveConnectionOpenIsClean() throws Exception {
    TestProject project = TestProject.create(dir);
    Logger logger = (Logger) LoggerFactory.getLogger(DevServer.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try (Socket browser = new Socket()) {
      try (DevServer server = project.start()) {
        browser.connect(new InetSocketAddress("127.0.0.1", server.port()));
        browser
            .getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head =
            new String(browser.getInputStream().readNBytes(15), StandardCharsets.US_ASCII);
        assertEquals("HTTP/1.1 200 OK", head);
      }
      // close() returns once Jetty is down; a failure would be logged by the reload loop after.
      Thread.sleep(1_000);
      assertEquals(
          List.of(),
          events.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList(),
          "an idle connection made the stop fail");
    } finally {
      logger.detachAppender(events);
    }
  }

  @Test
  void anAppOnTheClassPathIsServedWithoutAProject() throws Exception {
    try (DevServer server =
            DevServer.builder(ClassPathApp.class.getName())
                .port(0)
                .console(
                    new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                .start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      assertEquals("{\"from\":\"class path\"}", client.get("/").asString().getBody());
      HttpResponse<String> debug = client.get("/boom").header("Accept", "text/html").asString();
      assertEquals(500, debug.getStatus());
      assertTrue(debug.getBody().contains("class path kaboom"), debug.getBody());
    }
  }

  @Test
  void emptyPathSegmentsRedirectToTheMergedPath() throws Exception {
    try (DevServer server =
        DevServer.builder(ClassPathApp.class.getName())
            .port(0)
            .console(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
            .start()) {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      // Flask (Werkzeug's merge_slashes): 308 to /docs/routing, the query kept
      String answer =
          RawHttp.exchange(
              server.port(),
              "GET /docs//routing?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertEquals(308, RawHttp.status(answer), answer);
      assertTrue(RawHttp.hasHeader(answer, "Location", "/docs/routing?x=1"), answer);
    }
  }

  @Test
  void onlyLoopbackHostsCountAsSafe() {
    assertTrue(DevServer.isLoopback("127.0.0.1"));
    assertTrue(DevServer.isLoopback("::1"));
    assertTrue(DevServer.isLoopback("localhost"));
    assertFalse(DevServer.isLoopback("0.0.0.0"));
    assertFalse(DevServer.isLoopback("no-such-host.invalid"));
  }
}
