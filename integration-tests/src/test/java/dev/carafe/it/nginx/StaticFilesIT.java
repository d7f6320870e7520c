package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.it.Launched;
import dev.carafe.test.CarafeTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What nginx answers by itself, with the app down: static files with their caching, compression and
 * hidden dotfiles, the friendly error page, the edge limits and the security headers.
 */
class StaticFilesIT {
  private static final byte[] BIG_CSS =
      ".rule { color: #6b3e26; margin: 0 auto; }\n".repeat(200).getBytes(StandardCharsets.UTF_8);
  private static final String PLAIN_TWIN = "/* pre.css, as written */\n";
  private static final String GZIPPED_TWIN = "/* pre.css, from pre.css.gz */\n";

  private static Nginx nginx;
  private static UnirestInstance client;

  @BeforeAll
  static void startNginxWithTheAppDown() throws Exception {
    nginx =
        Nginx.builder()
            .staticFile("big.css", BIG_CSS)
            .staticFile("pre.css", PLAIN_TWIN.getBytes(StandardCharsets.UTF_8))
            .staticFile("pre.css.gz", gzip(GZIPPED_TWIN.getBytes(StandardCharsets.UTF_8)))
            .staticFile(".env", "SECRET_KEY=not-for-you".getBytes(StandardCharsets.UTF_8))
            .start();
    client = CarafeTest.client(nginx.url());
  }

  @AfterAll
  static void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (nginx != null) {
      nginx.close();
    }
  }

  @Test
  void staticFilesAreServedWhileTheAppIsDown() throws IOException {
    assertEquals(502, client.get("/api/hello").asString().getStatus(), nginx.diagnostics());

    HttpResponse<String> css = client.get("/static/app.css").asString();

    assertEquals(200, css.getStatus());
    assertEquals("text/css; charset=utf-8", css.getHeaders().getFirst("Content-Type"));
    assertEquals(
        Files.readString(Launched.repo().resolve(Nginx.STATIC_FOLDER).resolve("app.css")),
        css.getBody());
  }

  @Test
  void aHashedStaticUrlIsCachedForAYear() {
    HttpResponse<String> css = client.get("/static/app.css?v=3f2a9c1e").asString();

    assertEquals(200, css.getStatus());
    assertEquals("public, max-age=31536000, immutable", css.getHeaders().getFirst("Cache-Control"));
  }

  @Test
  void aPlainStaticUrlIsRevalidatedWithItsEtag() {
    HttpResponse<String> css = client.get("/static/app.css").asString();
    String etag = css.getHeaders().getFirst("ETag");

    assertEquals("no-cache", css.getHeaders().getFirst("Cache-Control"));
    assertNotNull(css.getHeaders().getFirst("Last-Modified"));
    // Weak (W/"...") when nginx gzipped the answer; either validates the cached copy.
    assertTrue(etag.matches("(W/)?\"[^\"]+\""), "ETag: " + etag);
    assertEquals(
        304, client.get("/static/app.css").header("If-None-Match", etag).asString().getStatus());
  }

  @Test
  void textIsGzippedForClientsThatAcceptIt() throws Exception {
    Curl.Reply zipped =
        Curl.request(nginx.url() + "/static/big.css", "-H", "Accept-Encoding: gzip");
    Curl.Reply plain = Curl.request(nginx.url() + "/static/big.css");

    assertEquals("gzip", zipped.header("Content-Encoding"));
    assertEquals("Accept-Encoding", zipped.header("Vary"));
    assertTrue(zipped.bytes().length < BIG_CSS.length / 4, "gzip should shrink repeated text");
    assertArrayEquals(BIG_CSS, gunzip(zipped.bytes()));
    assertNull(plain.header("Content-Encoding"));
    assertArrayEquals(BIG_CSS, plain.bytes());
  }

  @Test
  void aPrecompressedTwinIsSentAsIs() throws Exception {
    Curl.Reply zipped =
        Curl.request(nginx.url() + "/static/pre.css", "-H", "Accept-Encoding: gzip");
    Curl.Reply plain = Curl.request(nginx.url() + "/static/pre.css");

    assertEquals("gzip", zipped.header("Content-Encoding"));
    assertEquals(GZIPPED_TWIN, new String(gunzip(zipped.bytes()), StandardCharsets.UTF_8));
    assertEquals(PLAIN_TWIN, plain.body());
  }

  @Test
  void dotfilesAreNeitherServedNorProxied() {
    assertEquals(404, client.get("/static/.env").asString().getStatus());
    assertEquals(404, client.get("/.git/config").asString().getStatus());
    // /.well-known/ is the exception: it goes to the app, which is down here.
    assertEquals(502, client.get("/.well-known/security.txt").asString().getStatus());
  }

  @Test
  void nginxHidesItsVersionAndAddsSecurityHeaders() {
    HttpResponse<String> css = client.get("/static/app.css").asString();

    assertEquals("nginx", css.getHeaders().getFirst("Server"));
    assertEquals("nosniff", css.getHeaders().getFirst("X-Content-Type-Options"));
    assertEquals("SAMEORIGIN", css.getHeaders().getFirst("X-Frame-Options"));
    assertEquals("strict-origin-when-cross-origin", css.getHeaders().getFirst("Referrer-Policy"));
    assertEquals("", css.getHeaders().getFirst("Strict-Transport-Security"));
    assertTrue(css.getHeaders().getFirst("X-Request-Id").matches("[0-9a-f]{32}"));
  }

  @Test
  void theAppBeingDownShowsTheFriendlyPage() throws IOException {
    String page = Files.readString(Launched.repo().resolve("nginx/errors/50x.html"));

    HttpResponse<String> get = client.get("/api/hello").asString();
    HttpResponse<String> post = client.post("/api/hello").field("name", "value").asString();

    assertEquals(502, get.getStatus());
    assertEquals("text/html; charset=utf-8", get.getHeaders().getFirst("Content-Type"));
    assertEquals("no-store", get.getHeaders().getFirst("Cache-Control"));
    assertEquals(page, get.getBody());
    assertEquals(502, post.getStatus());
    assertEquals(page, post.getBody());
  }

  @Test
  void aJsonClientGetsProblemJsonWhileTheAppIsDown() throws Exception {
    HttpResponse<String> json =
        client.get("/api/hello").header("Accept", "application/json").asString();
    HttpResponse<String> browser =
        client.get("/api/hello").header("Accept", "text/html,application/json;q=0.9").asString();

    assertEquals(502, json.getStatus());
    assertEquals("application/problem+json", json.getHeaders().getFirst("Content-Type"));
    JsonNode problem = new ObjectMapper().readTree(json.getBody());
    assertEquals(502, problem.get("status").asInt());
    assertEquals("Bad Gateway", problem.get("title").asText());
    assertTrue(problem.get("detail").asText().contains("try again"), json.getBody());
    assertEquals("5", json.getHeaders().getFirst("Retry-After"));
    assertEquals("no-store", json.getHeaders().getFirst("Cache-Control"));
    assertEquals("nosniff", json.getHeaders().getFirst("X-Content-Type-Options"));
    assertEquals(502, browser.getStatus());
    assertTrue(browser.getBody().contains("Back in a moment"), browser.getBody());
  }

  @Test
  void headersOverTheLimitAre431WithCarafesErrorBody() throws Exception {
    String big = "X-Big: " + "b".repeat(9_000);

    Curl.Reply page = Curl.request(nginx.url() + "/api/hello", "-H", big);
    Curl.Reply json =
        Curl.request(nginx.url() + "/api/hello", "-H", "Accept: application/json", "-H", big);

    assertEquals(431, page.status(), page.body());
    assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
    assertTrue(page.body().contains("<h1>Request Header Fields Too Large</h1>"), page.body());
    assertEquals("SAMEORIGIN", page.header("X-Frame-Options"));
    assertEquals(431, json.status());
    assertEquals("application/problem+json", json.header("Content-Type"));
    assertEquals(431, new ObjectMapper().readTree(json.body()).get("status").asInt());
  }

  @Test
  void nginxsErrorAnswersAreNotPagesOfTheirOwn() {
    for (String path : List.of("/_carafe/50x.html", "/_carafe/50x.json", "/_carafe/error.html")) {
      assertEquals(404, client.get(path).asString().getStatus(), path);
    }
  }

  @Test
  void aBodyOverTheAppsLimitIsRefusedAtTheEdgeWith413() {
    int appLimit = 16 * 1024 * 1024;

    HttpResponse<String> over = client.post("/api/upload").body(new byte[appLimit + 1]).asString();
    int atLimit = client.post("/api/upload").body(new byte[appLimit]).asString().getStatus();

    assertEquals(413, over.getStatus());
    assertTrue(over.getBody().contains("<h1>Content Too Large</h1>"), over.getBody());
    assertEquals(502, atLimit, "a body at the limit passes the edge, to the app (down here)");
  }

  @Test
  void loginAttemptsBeyondABurstAreAnswered429() {
    List<Integer> pages = new ArrayList<>();
    List<Integer> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pages.add(client.get("/auth/login").asString().getStatus());
    }
    for (int i = 0; i < 10; i++) {
      attempts.add(client.post("/auth/login").field("user", "u").asString().getStatus());
    }

    assertTrue(pages.stream().allMatch(s -> s == 502), "viewing the form is not limited: " + pages);
    assertEquals(List.of(502, 502, 502, 502, 502, 502), attempts.subList(0, 6), "burst of 6");
    assertTrue(attempts.subList(6, 10).contains(429), "then limited: " + attempts);
    assertNotEquals(attempts.get(0), 429);
  }

  @Test
  void loginAttemptsUnderAnotherSpellingCountToo() throws Exception {
    List<Integer> attempts = new ArrayList<>();
    Curl.Reply limited = null;
    for (int i = 0; i < 10; i++) {
      Curl.Reply reply =
          Curl.request(
              nginx.url() + "/auth/login;x", "--interface", "127.0.0.4", "-d", "username=u");
      attempts.add(reply.status());
      if (reply.status() == 429) {
        limited = reply;
      }
    }

    assertEquals(List.of(502, 502, 502, 502, 502, 502), attempts.subList(0, 6), "burst of 6");
    assertTrue(limited != null, "then limited: " + attempts);
    assertEquals("6", limited.header("Retry-After"));
    assertTrue(limited.body().contains("<h1>Too Many Requests</h1>"), limited.body());
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static byte[] gunzip(byte[] data) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }
}
