package dev.carafe.dev;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.RawHttp;
import dev.carafe.Response;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The development server with requests it refuses or decodes before the app runs: the same answers
 * as the production server's (see RefusedRequestsTest for Werkzeug's).
 */
class DevServerRefusalsTest {
  private DevServer server;

  /** The app these tests serve from the class path. */
  public static final class App {
    private App() {}

    /** The factory the dev server calls. */
    public static Carafe create(Config config) {
      Carafe app = Carafe.create(config);
      app.get("/str/<s>", req -> "s=" + req.param("s"));
      app.get("/p/<path:p>", req -> "p=" + req.param("p"));
      app.errorHandler(400, (req, e) -> Response.of(400, "the app's 400: " + e.getMessage()));
      return app;
    }
  }

  @BeforeEach
  void start() throws Exception {
    server =
        DevServer.builder(App.class.getName())
            .port(0)
            .warmUpCompiles(0)
            .console(new PrintStream(PrintStream.nullOutputStream(), true, UTF_8))
            .start();
    assertTrue(server.awaitReady(Duration.ofSeconds(30)), "the app did not load");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String get(String path) throws Exception {
    return RawHttp.exchange(
        server.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  private static String body(String answer) {
    return new String(answer.split("\r\n\r\n", 2)[1].getBytes(ISO_8859_1), UTF_8);
  }

  @Test
  void badUtf8InThePathReachesTheViewAsTheReplacementCharacter() throws Exception {
    // Flask 2.2: <string:s> receives '\ufffd'; 200.
    String answer = get("/str/%FF");
    assertEquals(200, RawHttp.status(answer), answer);
    assertTrue(body(answer).startsWith("s=\uFFFD"), answer);
  }

  @Test
  void whatJettyRefusesIsAnsweredWithCarafesErrorPage() throws Exception {
    for (var refusal :
        List.of(
            new Refusal("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400, "Bad Request"),
            new Refusal(
                "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, "Bad Request"),
            new Refusal(
                "GET / HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n",
                505,
                "HTTP Version Not Supported"))) {
      String answer = RawHttp.exchange(server.port(), refusal.request());
      assertEquals(refusal.status(), RawHttp.status(answer), answer);
      assertTrue(RawHttp.hasHeader(answer, "Content-Type", "text/html; charset=utf-8"), answer);
      assertTrue(answer.contains("<h1>" + refusal.title() + "</h1>"), answer);
      assertTrue(RawHttp.hasHeader(answer, "X-Frame-Options", "SAMEORIGIN"), answer);
    }
  }

  @Test
  void anEncodedSlashIsRefusedWithTheAppsOwnBadRequestHandler() throws Exception {
    // Flask serves p='a/b'; Carafe refuses it on purpose, through the app's 400 handler.
    String answer = get("/p/a%2Fb");
    assertEquals(400, RawHttp.status(answer), answer);
    assertTrue(
        body(answer).startsWith("the app's 400: The request path is malformed or ambiguous."),
        answer);
    assertTrue(RawHttp.hasHeader(answer, "X-Frame-Options", "SAMEORIGIN"), answer);
  }

  private record Refusal(String request, int status, String title) {}
}
