package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.Config;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Responses stream to the client as the app writes them, as in production, lane and all. */
class DevServerStreamingTest {
  /** Views that stream, wait at the test's {@link ViewGate}, fail halfway, or count the lane. */
  static final String APP =
      """
      package app;

      import dev.carafe.Carafe;
      import dev.carafe.Config;
      import dev.carafe.dev.ViewGate;
      import java.io.IOException;
      import java.io.OutputStream;
      import java.nio.charset.StandardCharsets;
      import java.util.Map;
      import java.util.concurrent.CompletableFuture;

      public final class App {
        static final String GENERATION = "one";

        public record Lane(String generation, int most) {}

        public static Carafe create(Config config) {
          Carafe app = Carafe.create(config);
          app.get("/stream", req -> {
            ViewGate.enter();
            try {
              req.javalinContext().res().setContentType("text/plain;charset=utf-8");
              OutputStream out = req.javalinContext().res().getOutputStream();
              send(out, GENERATION + " first\\n");
              ViewGate.await();
              send(out, GENERATION + " last\\n");
              return null;
            } finally {
              ViewGate.leave();
            }
          });
          app.get("/events", req -> {
            req.javalinContext().res().setContentType("text/event-stream");
            OutputStream out = req.javalinContext().res().getOutputStream();
            for (int i = 1; i <= 3; i++) {
              if (i > 1) {
                ViewGate.await();
              }
              send(out, "event: tick\\ndata: " + i + "\\n\\n");
            }
            return null;
          });
          app.get("/page", req -> {
            req.javalinContext().res().setContentType("text/html;charset=utf-8");
            OutputStream out = req.javalinContext().res().getOutputStream();
            send(out, "<!doctype html><html><body><h1>streamed</h1>");
            ViewGate.await();
            send(out, "<p>done</p></body></html>");
            return null;
          });
          app.get("/half", req -> {
            req.javalinContext().res().setContentType("text/plain;charset=utf-8");
            send(req.javalinContext().res().getOutputStream(), "half\\n");
            throw new IllegalStateException("broke mid-stream");
          });
          app.get("/unsent", req -> {
            req.javalinContext().res().setContentType("text/plain;charset=utf-8");
            req.javalinContext().res().getOutputStream().write("never sent".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("broke before a byte went out");
          });
          app.get("/generation", req -> {
            ViewGate.enter();
            try {
              return new Lane(GENERATION, ViewGate.most());
            } finally {
              ViewGate.leave();
            }
          });
          // Raw bodies, as a script sends them: no form, so the CSRF token would go in a header.
          app.post("/length", req -> Map.of("length", req.javalinContext().bodyAsBytes().length))
              .csrfExempt();
          app.post("/later", req -> {
            int length = req.javalinContext().bodyAsBytes().length;
            req.javalinContext().future(() -> CompletableFuture.runAsync(() -> {
              try {
                ViewGate.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              req.javalinContext().contentType("text/plain").result("later " + length);
            }));
            return null;
          }).csrfExempt();
          return app;
        }

        private static void send(OutputStream out, String text) throws IOException {
          out.write(text.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
      """;

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path OPEN_FILES = Path.of("/proc/self/fd");

  @TempDir static Path shared;
  private static DevServer server;

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    server = start(TestProject.create(shared).write("src/main/java/app/App.java", APP).root, 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void closeTheGate() {
    ViewGate.reset();
  }

  @Test
  void aStreamedResponsesFirstBytesReachTheClientBeforeTheViewReturns() throws Exception {
    try (BufferedReader body = lines(get(server, "/stream"))) {
      assertEquals("one first", body.readLine());
      assertEquals(1, ViewGate.inside(), "the view is still running");
      ViewGate.open();
      assertEquals("one last", body.readLine());
      assertNull(body.readLine());
    }
  }

  @Test
  void serverSentEventsReachTheClientOneByOne() throws Exception {
    HttpResponse<InputStream> events = get(server, "/events");
    assertEquals("text/event-stream", events.headers().firstValue("Content-Type").orElseThrow());
    try (BufferedReader body = lines(events)) {
      for (int i = 1; i <= 3; i++) {
        if (i > 1) {
          ViewGate.open();
        }
        assertEquals("event: tick", body.readLine());
        assertEquals("data: " + i, body.readLine());
        assertEquals("", body.readLine());
      }
      assertNull(body.readLine());
    }
  }

  @Test
  void aSecondBrowserWaitsForTheLaneWhileAResponseStreams() throws Exception {
    try (BufferedReader body = lines(get(server, "/stream"))) {
      assertEquals("one first", body.readLine());
      HttpClient otherBrowser =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      CompletableFuture<HttpResponse<String>> second =
          otherBrowser.sendAsync(
              request(server, "/generation"), HttpResponse.BodyHandlers.ofString());
      await("the second request waits for the lane", () -> server.waitingForLane() == 1);
      assertFalse(second.isDone());
      ViewGate.open();
      assertEquals("one last", body.readLine());
      assertEquals("{\"generation\":\"one\",\"most\":1}", second.get(30, TimeUnit.SECONDS).body());
    }
  }

  @Test
  void aReloadDuringAStreamedResponseLetsItFinishOnTheOldApp() throws Exception {
    TestProject project = TestProject.create(dir).write("src/main/java/app/App.java", APP);
    try (DevServer reloading = start(project.root, 0)) {
      try (BufferedReader body = lines(get(reloading, "/stream"))) {
        assertEquals("one first", body.readLine());
        project.write("src/main/java/app/App.java", APP.replace("\"one\"", "\"two\""));
        reloading.reload(true).get(60, TimeUnit.SECONDS);
        CompletableFuture<HttpResponse<String>> next =
            http.sendAsync(request(reloading, "/generation"), HttpResponse.BodyHandlers.ofString());
        await("the next request waits for the lane", () -> reloading.waitingForLane() == 1);
        ViewGate.open();
        assertEquals("one last", body.readLine(), "the stream finished on the old app");
        assertNull(body.readLine());
        assertEquals("{\"generation\":\"two\",\"most\":1}", next.get(30, TimeUnit.SECONDS).body());
      }
    }
  }

  @Test
  void aStreamedPageGetsTheLiveReloadScriptBeforeItsEnd() throws Exception {
    HttpResponse<InputStream> page = get(server, "/page");
    try (InputStream body = page.body()) {
      StringBuilder text = new StringBuilder();
      byte[] buffer = new byte[1024];
      while (!text.toString().contains("<h1>streamed</h1>")) {
        int n = body.read(buffer);
        assertTrue(n > 0, "the page ended early: " + text);
        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
      ViewGate.open();
      text.append(new String(body.readAllBytes(), StandardCharsets.UTF_8));
      String html = text.toString();
      assertTrue(html.contains("<h1>streamed</h1><p>done</p><script>"), html);
      assertTrue(html.endsWith("</script></body></html>"), html);
      assertTrue(html.contains(LiveReload.PATH), html);
    }
  }

  @Test
  void aResponseThatFailsAfterItsFirstBytesWentOutIsCutShort() throws Exception {
    HttpResponse<InputStream> half = get(server, "/half");
    assertEquals(200, half.statusCode());
    try (BufferedReader body = lines(half)) {
      assertEquals("half", body.readLine());
      assertThrows(IOException.class, body::readLine, "the end of the response never comes");
    }
    assertEquals(
        "{\"generation\":\"one\",\"most\":1}",
        http.send(request(server, "/generation"), HttpResponse.BodyHandlers.ofString()).body(),
        "the server goes on serving");
  }

  @Test
  void aResponseThatFailsBeforeItsFirstByteWentOutBecomesTheDebugPage() throws Exception {
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(url(server, "/unsent")))
                .header("Accept", "text/html")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(500, page.statusCode());
    assertTrue(
        page.body().startsWith("<!doctype html>"), "what the view wrote is gone: " + page.body());
    assertTrue(page.body().contains("broke before a byte went out"), page.body());
  }

  @Test
  void anUploadTooLargeForMemoryReachesTheAppWholeAndItsFileIsClosed() throws Exception {
    assumeTrue(Files.isDirectory(OPEN_FILES), "needs Linux's /proc to see open files");
    byte[] upload = new byte[3 * BufferedRequest.IN_MEMORY];
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(url(server, "/length")))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("{\"length\":" + upload.length + "}", answer.body());
    await("the spilled body is closed", () -> openBodyFiles() == 0);
  }

  @Test
  void aViewThatGoesAsynchronousAnswersOutsideTheLaneAndItsFileIsClosed() throws Exception {
    assumeTrue(Files.isDirectory(OPEN_FILES), "needs Linux's /proc to see open files");
    byte[] upload = new byte[2 * BufferedRequest.IN_MEMORY];
    CompletableFuture<HttpResponse<String>> later =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(url(server, "/later")))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpClient otherBrowser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    await("the upload is spilled to a file", () -> openBodyFiles() == 1);
    assertEquals(
        "{\"generation\":\"one\",\"most\":1}",
        otherBrowser
            .send(request(server, "/generation"), HttpResponse.BodyHandlers.ofString())
            .body());
    assertFalse(later.isDone());
    ViewGate.open();
    assertEquals("later " + upload.length, later.get(30, TimeUnit.SECONDS).body());
    await("the spilled body is closed", () -> openBodyFiles() == 0);
  }

  @Test
  void aChunkedUploadOverMaxContentLengthIsRefused() throws Exception {
    TestProject project = TestProject.create(dir).write("src/main/java/app/App.java", APP);
    try (DevServer limited = start(project.root, 1000)) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(url(limited, "/length")))
                  .header("Content-Type", "application/octet-stream")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(new byte[5000])))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(413, answer.statusCode(), answer.body());
      HttpResponse<String> small =
          http.send(
              HttpRequest.newBuilder(URI.create(url(limited, "/length")))
                  .header("Content-Type", "application/octet-stream")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(new byte[1000])))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals("{\"length\":1000}", small.body());
    }
  }

  /** A server for {@code project}; {@code maxContentLength} 0 keeps the default. */
  private static DevServer start(Path project, long maxContentLength) throws Exception {
    DevServer started =
        DevServer.builder("app.App")
            .project(project)
            .port(0)
            .warmUpCompiles(0)
            .config(
                () ->
                    maxContentLength > 0
                        ? Config.defaults()
                            .with("max_content_length", String.valueOf(maxContentLength))
                        : Config.defaults())
            .console(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
            .start();
    assertTrue(started.awaitReady(Duration.ofMinutes(1)));
    return started;
  }

  private static String url(DevServer server, String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private static HttpRequest request(DevServer server, String path) {
    return HttpRequest.newBuilder(URI.create(url(server, path))).timeout(WAIT).build();
  }

  /** Returns once the status and headers arrived; the body streams. */
  private HttpResponse<InputStream> get(DevServer server, String path) throws Exception {
    return http.send(request(server, path), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static BufferedReader lines(HttpResponse<InputStream> response) {
    return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  /**
   * Spilled request bodies this JVM holds open. They are files only while being written (on Unix
   * they are unlinked once opened for reading), so Linux's /proc is where they show.
   */
  private static long openBodyFiles() {
    try (Stream<Path> links = Files.list(OPEN_FILES)) {
      return links.filter(link -> target(link).contains("carafe-body-")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String target(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException closedMeanwhile) {
      return "";
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(10);
    }
  }
}
