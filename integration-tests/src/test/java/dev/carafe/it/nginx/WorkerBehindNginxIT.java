package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.it.Launched;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo app in a production worker, directly and behind the shipped nginx: nginx and the app
 * agree on what a path is, every password check is limited, log out ends the session on the server,
 * each response carries one request id, and Jetty's own answers carry the security headers. Each
 * test speaks from a client address of its own, so that the limits of one do not reach another.
 */
class WorkerBehindNginxIT {

  private static Path database;
  private static int appPort;
  private static Launched app;
  private static Nginx nginx;

  @BeforeAll
  static void start() throws Exception {
    database = Files.createTempFile("carafe-demo-", ".sqlite");
    appPort = Launched.freePort();
    app =
        DemoAppProcess.start(
            List.of(),
            "127.0.0.1",
            appPort,
            // A password hash can take seconds on a busy machine: no request here may time out.
            Map.of(
                "CARAFE_DATABASE_URL",
                "jdbc:sqlite:" + database,
                "CARAFE_TIMEOUT",
                "180",
                "CARAFE_REQUEST_TIMEOUT",
                "120"));
    app.awaitHttp(direct("/readyz"), 200, Duration.ofMinutes(5));
    nginx = Nginx.builder().app("127.0.0.1:" + appPort).start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (nginx != null) {
      nginx.close();
    }
    if (app != null) {
      app.close();
    }
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(Path.of(database + suffix));
    }
  }

  private static String direct(String path) {
    return "http://127.0.0.1:" + appPort + path;
  }

  @Test
  void aPathWithSemicolonParametersIsRefusedDirectlyAndBehindNginx() throws Exception {
    // The login view refuses a form without its CSRF token (400); ";x" never reaches it.
    assertEquals(400, Curl.request(direct("/auth/login"), "-d", "username=u").status());
    assertEquals(404, Curl.request(direct("/auth/login;x"), "-d", "username=u").status());

    List<Integer> behindNginx = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      behindNginx.add(
          Curl.request(
                  nginx.url() + "/auth/login;x", "--interface", "127.0.0.5", "-d", "username=u")
              .status());
    }
    assertEquals(List.of(404, 404, 404, 404, 404, 404), behindNginx.subList(0, 6), "the app");
    assertTrue(behindNginx.subList(6, 8).contains(429), "nginx's limit: " + behindNginx);
  }

  @Test
  void failedBasicCredentialsAreAnswered429AfterTheLimit() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    Curl.Reply limited = null;
    for (int i = 0; i < 6; i++) {
      limited =
          Curl.request(
              nginx.url() + "/api/posts",
              "--interface",
              "127.0.0.6",
              "-u",
              "mallory:guess " + i,
              "-H",
              "Content-Type: application/json",
              "-d",
              "{\"title\":\"x\"}");
      statuses.add(limited.status());
    }

    assertEquals(List.of(401, 401, 401, 401, 401, 429), statuses, app.output());
    int retryAfter = Integer.parseInt(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After: " + retryAfter);
    assertEquals("application/problem+json", limited.header("Content-Type"));
  }

  @Test
  void aSessionCookieReplayedAfterLogOutIsRefused() throws Exception {
    try (UnirestInstance browser = CarafeTest.client(nginx.url());
        UnirestInstance thief = CarafeTest.client(nginx.url())) {
      browser.config().enableCookieManagement(false);
      thief.config().enableCookieManagement(false);
      HttpResponse<String> form = browser.get("/auth/register").asString();
      String cookie = DemoForms.sessionCookie(form, "");
      cookie =
          DemoForms.sessionCookie(
              submit(
                  browser, cookie, "/auth/register", DemoForms.token(form), "ann", "correct horse"),
              cookie);
      form = browser.get("/auth/login").header("Cookie", cookie).asString();
      HttpResponse<String> loggedIn =
          submit(browser, cookie, "/auth/login", DemoForms.token(form), "ann", "correct horse");
      assertEquals(302, loggedIn.getStatus(), loggedIn.getBody());
      String session = DemoForms.sessionCookie(loggedIn, cookie);
      HttpResponse<String> create = browser.get("/create").header("Cookie", session).asString();
      assertEquals(200, create.getStatus());
      session = DemoForms.sessionCookie(create, session); // the form's token went into the session

      HttpResponse<String> logout =
          browser
              .post("/auth/logout")
              .header("Cookie", session)
              .field("csrf_token", DemoForms.token(create))
              .asString();
      assertEquals(302, logout.getStatus(), logout.getBody());

      HttpResponse<String> replayed = thief.get("/create").header("Cookie", session).asString();
      assertEquals(302, replayed.getStatus(), "the kept cookie no longer logs in");
      assertTrue(replayed.getHeaders().getFirst("Location").startsWith("/auth/login"));
    }
  }

  @Test
  void aResponseCarriesExactlyOneRequestId() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/api/hello", "/static/app.css", "/no/such/page")) {
      java.net.http.HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(nginx.url() + path)).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
      List<String> ids = response.headers().allValues("X-Request-Id");
      assertEquals(1, ids.size(), path + ": " + ids);
      assertTrue(ids.get(0).matches("[0-9a-f]{32}"), ids.get(0));
    }
  }

  @Test
  void whatJettyAnswersItselfCarriesTheSecurityHeaders() throws Exception {
    String answer;
    try (Socket socket = new Socket("127.0.0.1", appPort)) {
      socket.setSoTimeout(30_000);
      // HTTP/1.1 without a Host header: Jetty refuses it before the app runs.
      socket.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    String head = answer.split("\r\n\r\n", 2)[0];

    assertTrue(head.startsWith("HTTP/1.1 400 "), answer);
    assertTrue(head.contains("\r\nX-Frame-Options: SAMEORIGIN"), head);
    assertTrue(head.contains("\r\nX-Content-Type-Options: nosniff"), head);
    assertTrue(head.contains("\r\nContent-Security-Policy: frame-ancestors 'self'"), head);
    assertTrue(head.contains("\r\nReferrer-Policy: strict-origin-when-cross-origin"), head);
    assertFalse(answer.contains("Jetty"), answer);
  }

  private static HttpResponse<String> submit(
      UnirestInstance browser,
      String cookie,
      String action,
      String csrfToken,
      String username,
      String password) {
    return browser
        .post(action)
        .header("Cookie", cookie)
        .field("csrf_token", csrfToken)
        .field("username", username)
        .field("password", password)
        .asString();
  }
}
