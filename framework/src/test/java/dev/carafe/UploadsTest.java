package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadsTest {
  private static final int LIMIT = 4096;

  static Carafe app(Path files) {
    Carafe app =
        Carafe.create(
            Config.builder()
                .set("max_content_length", String.valueOf(LIMIT))
                .set("csrf_enabled", "false")
                .build());
    app.post(
        "/upload",
        req -> {
          UploadedFile file = req.file("doc").orElseThrow(() -> Carafe.abort(400, "no file"));
          String content = new String(file.content().readAllBytes(), StandardCharsets.UTF_8);
          return file.filename()
              + " "
              + file.size()
              + " "
              + content
              + " "
              + req.form().get("note", "");
        });
    app.post("/form", req -> "fields " + req.form().names().size());
    app.post("/json", req -> "keys " + ((Map<?, ?>) req.json()).size());
    app.get("/download", req -> SendFile.fromDirectory(req, files, req.args().get("name", "")));
    app.get("/files/<path:name>", req -> SendFile.fromDirectory(req, files, req.param("name")));
    app.get(
        "/report",
        req ->
            SendFile.asAttachment(
                SendFile.file(req, files.resolve("report.csv")), "Bericht März.csv"));
    app.get("/stream", req -> generated(3 * 1024 * 1024));
    return app;
  }

  /** A body produced as it is read: nothing holds all of it in memory. */
  static InputStream generated(long size) {
    return new InputStream() {
      private long sent;

      @Override
      public int read() {
        return sent < size ? (int) ('a' + (sent++ % 26)) : -1;
      }
    };
  }

  static int chunkedPost(TestServerUrl url, String contentType, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url.value()))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  record TestServerUrl(String value) {}

  @Test
  void multipartUploadReachesTheView(@TempDir Path files) throws Exception {
    CarafeTest.test(
        app(files),
        (server, client) -> {
          var response =
              client
                  .post("/upload")
                  .field(
                      "doc",
                      new ByteArrayInputStream("hello upload".getBytes(StandardCharsets.UTF_8)),
                      "notes.txt")
                  .field("note", "first")
                  .asString();
          assertEquals(200, response.getStatus(), response.getBody());
          assertEquals("notes.txt 12 hello upload first", response.getBody());
        });
  }

  @Test
  void anUploadedFileTellsItsTypeAndSizeAndSavesToAPath(@TempDir Path files) throws Exception {
    Carafe app = Carafe.create(Config.builder().set("csrf_enabled", "false").build());
    Path saved = files.resolve("saved.bin");
    app.post(
        "/save",
        req -> {
          UploadedFile file = req.file("photo").orElseThrow();
          file.saveTo(saved);
          return file.filename()
              + " "
              + file.contentType().orElse("none")
              + " "
              + file.size()
              + " "
              + new String(file.bytes(), StandardCharsets.UTF_8)
              + " "
              + req.files().get("photo").size();
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var response =
              client
                  .post("/save")
                  .field(
                      "photo",
                      new ByteArrayInputStream("PNGDATA".getBytes(StandardCharsets.UTF_8)),
                      kong.unirest.core.ContentType.create("image/png"),
                      "cat.png")
                  .asString();
          assertEquals("cat.png image/png 7 PNGDATA 1", response.getBody());
          assertEquals("PNGDATA", Files.readString(saved));
        });
  }

  @Test
  void bodiesOverTheLimitAre413(@TempDir Path files) throws Exception {
    byte[] big = "x".repeat(2 * LIMIT).getBytes(StandardCharsets.UTF_8);
    CarafeTest.test(
        app(files),
        (server, client) -> {
          assertEquals(
              413,
              status(
                  () ->
                      client
                          .post("/form")
                          .field("a", new String(big, StandardCharsets.UTF_8))
                          .asString()));
          assertEquals(
              413,
              status(
                  () ->
                      client
                          .post("/upload")
                          .field("doc", new ByteArrayInputStream(big), "big.bin")
                          .asString()));
          String json = "{\"a\":\"" + new String(big, StandardCharsets.UTF_8) + "\"}";
          assertEquals(
              413,
              status(
                  () ->
                      client
                          .post("/json")
                          .header("Content-Type", "application/json")
                          .body(json)
                          .asString()));
          // Without a Content-Length the limit holds while the body is read.
          byte[] jsonBytes = json.getBytes(StandardCharsets.UTF_8);
          assertEquals(
              413,
              chunkedPost(new TestServerUrl(server.url("/json")), "application/json", jsonBytes));
          assertEquals(
              413,
              chunkedPost(
                  new TestServerUrl(server.url("/form")),
                  "application/x-www-form-urlencoded",
                  ("a=" + new String(big, StandardCharsets.UTF_8))
                      .getBytes(StandardCharsets.UTF_8)));
          assertEquals(200, client.post("/form").field("a", "small").asString().getStatus());
        });
  }

  /**
   * The status of a request whose body the server refuses early. The server answers 413 and closes;
   * a client still writing the body can lose that answer to the connection reset, so a reset is
   * tried again (a few times at most), as browsers do.
   */
  private static int status(
      java.util.function.Supplier<kong.unirest.core.HttpResponse<String>> send) {
    kong.unirest.core.UnirestException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return send.get().getStatus();
      } catch (kong.unirest.core.UnirestException reset) {
        last = reset;
      }
    }
    throw last;
  }

  @Test
  void sendFromDirectoryRefusesEverythingOutsideItsFolder(@TempDir Path root) throws Exception {
    Path files = Files.createDirectories(root.resolve("files"));
    Files.writeString(files.resolve("ok.txt"), "public");
    Files.writeString(root.resolve("secret.txt"), "TOP SECRET");
    Files.createSymbolicLink(files.resolve("link.txt"), root.resolve("secret.txt"));
    CarafeTest.test(
        app(files),
        (server, client) -> {
          assertEquals(
              "public", client.get("/download").queryString("name", "ok.txt").asString().getBody());
          assertEquals("public", client.get("/files/ok.txt").asString().getBody());
          for (String name :
              new String[] {
                "../secret.txt",
                "a/../../secret.txt",
                root.resolve("secret.txt").toString(),
                "link.txt",
                "..\\secret.txt",
                "",
                ".",
                "ok.txt\0.png"
              }) {
            var response = client.get("/download").queryString("name", name).asString();
            assertEquals(404, response.getStatus(), name);
            assertFalse(response.getBody().contains("TOP SECRET"), name);
          }
          for (String path : new String[] {"/files/%2e%2e/secret.txt", "/files/..%2fsecret.txt"}) {
            var response = client.get(path).asString();
            assertTrue(response.getStatus() == 404 || response.getStatus() == 400, path);
            assertFalse(response.getBody().contains("TOP SECRET"), path);
          }
        });
  }

  @Test
  void sentFileCanBeADownloadWithAnyName(@TempDir Path files) throws Exception {
    Files.writeString(files.resolve("report.csv"), "a,b\n1,2\n");
    CarafeTest.test(
        app(files),
        (server, client) -> {
          var response = client.get("/report").asString();
          assertEquals("a,b\n1,2\n", response.getBody());
          assertTrue(response.getHeaders().getFirst("Content-Type").startsWith("text/csv"));
          assertEquals(
              "attachment; filename=\"Bericht Marz.csv\"; filename*=UTF-8''Bericht%20M%C3%A4rz.csv",
              response.getHeaders().getFirst("Content-Disposition"));
          var again =
              client
                  .get("/report")
                  .header("If-None-Match", response.getHeaders().getFirst("ETag"))
                  .asString();
          assertEquals(304, again.getStatus());
        });
  }

  @Test
  void streamedBodyArrivesWhole(@TempDir Path files) throws Exception {
    CarafeTest.test(
        app(files),
        (server, client) -> {
          byte[] body = client.get("/stream").asBytes().getBody();
          assertEquals(3 * 1024 * 1024, body.length);
          assertEquals('a', body[0]);
          assertEquals('a' + (body.length - 1) % 26, body[body.length - 1]);
        });
  }

  @Test
  void securityHeadersAreSentUnlessTheViewSetsItsOwn() throws Exception {
    Carafe app = Carafe.create(Config.defaults());
    app.get("/", req -> "home");
    app.get("/embeddable", req -> Response.of("widget").header("X-Frame-Options", "ALLOWALL"));
    CarafeTest.test(
        app,
        (server, client) -> {
          var home = client.get("/").asString();
          assertEquals("nosniff", home.getHeaders().getFirst("X-Content-Type-Options"));
          assertEquals("SAMEORIGIN", home.getHeaders().getFirst("X-Frame-Options"));
          assertEquals(
              "frame-ancestors 'self'", home.getHeaders().getFirst("Content-Security-Policy"));
          assertEquals(
              "strict-origin-when-cross-origin", home.getHeaders().getFirst("Referrer-Policy"));
          assertEquals(
              "ALLOWALL",
              client.get("/embeddable").asString().getHeaders().getFirst("X-Frame-Options"));
          assertEquals(
              "nosniff",
              client.get("/nowhere").asString().getHeaders().getFirst("X-Content-Type-Options"));
        });
  }

  @Test
  void securityHeadersFollowTheConfiguration() throws Exception {
    Carafe app =
        Carafe.create(
            Config.builder()
                .set("content_security_policy", "default-src 'self'")
                .set("x_frame_options", "")
                .build());
    app.get("/", req -> "home");
    CarafeTest.test(
        app,
        (server, client) -> {
          var home = client.get("/").asString();
          assertEquals("default-src 'self'", home.getHeaders().getFirst("Content-Security-Policy"));
          assertTrue(home.getHeaders().get("X-Frame-Options").isEmpty());
        });
    Carafe off = Carafe.create(Config.builder().set("security_headers", "false").build());
    off.get("/", req -> "home");
    CarafeTest.test(
        off,
        (server, client) ->
            assertTrue(
                client.get("/").asString().getHeaders().get("X-Content-Type-Options").isEmpty()));
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
