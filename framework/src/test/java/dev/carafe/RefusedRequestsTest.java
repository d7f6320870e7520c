package dev.carafe;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests the server refuses or decodes before any view runs, sent as raw bytes: bad encodings
 * reach the view as Werkzeug's do, and every refusal is Carafe's error page.
 */
class RefusedRequestsTest {
  /** A request the server refuses, what it answers, and the heading of that answer's page. */
  record Refusal(String request, int status, String title) {}

  /** What Jetty refuses before any app code runs, with what Flask's server (Werkzeug 2.2) does. */
  static final List<Refusal> REFUSED_BEFORE_THE_APP =
      List.of(
          // Werkzeug: 400 "Bad request version" from Python's http.server, before Flask.
          new Refusal(
              "GET /  HTTP/1.1 x\r\nHost: x\r\nConnection: close\r\n\r\n", 400, "Bad Request"),
          // Werkzeug serves it (the line is dropped); a header line without a colon is refused.
          new Refusal(
              "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n",
              400,
              "Bad Request"),
          // Werkzeug serves it; HTTP/1.1 requires a Host (RFC 9112).
          new Refusal("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400, "Bad Request"),
          // Werkzeug serves '%zz' as it stands; it is no percent-encoding.
          new Refusal(
              "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, "Bad Request"),
          // Werkzeug: 414 past 65,536 bytes; Carafe's limit is max_request_header_size.
          new Refusal(
              "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
              414,
              "URI Too Long"),
          // Werkzeug: 431 past 65,536 bytes in a header line.
          new Refusal(
              "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
              431,
              "Request Header Fields Too Large"),
          // Werkzeug: 505 "Invalid HTTP version (2.0)".
          new Refusal(
              "GET / HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n",
              505,
              "HTTP Version Not Supported"),
          // Werkzeug: 400 "Bad request version ('HTTP/3')".
          new Refusal(
              "GET / HTTP/3\r\nHost: x\r\nConnection: close\r\n\r\n",
              505,
              "HTTP Version Not Supported"));

  /** Asserts that a raw answer is Carafe's HTML error page, UTF-8, with the security headers. */
  static void assertCarafePage(Refusal refusal, String answer) {
    assertEquals(refusal.status(), RawHttp.status(answer), answer);
    assertTrue(RawHttp.hasHeader(answer, "Content-Type", "text/html; charset=utf-8"), answer);
    assertTrue(answer.contains("<h1>" + refusal.title() + "</h1>"), answer);
    assertTrue(RawHttp.hasHeader(answer, "X-Content-Type-Options", "nosniff"), answer);
    assertTrue(RawHttp.hasHeader(answer, "X-Frame-Options", "SAMEORIGIN"), answer);
  }

  /** The body of a raw answer, decoded as UTF-8. */
  static String body(String answer) {
    return new String(answer.split("\r\n\r\n", 2)[1].getBytes(ISO_8859_1), UTF_8);
  }

  @Test
  void badUtf8InThePathReachesTheViewAsTheReplacementCharacter() throws Exception {
    // Flask 2.2: <string:s> receives '\ufffd' for %FF, and for a truncated %E2%82; 200.
    Carafe app = AppTesting.app();
    app.get("/str/<s>", req -> "s=" + req.param("s"));
    CarafeTest.test(
        app,
        (server, client) -> {
          for (String path : List.of("/str/%FF", "/str/%E2%82")) {
            String answer =
                RawHttp.exchange(
                    server.port(),
                    "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, RawHttp.status(answer), answer);
            assertEquals("s=\uFFFD", body(answer), path);
          }
        });
  }

  @Test
  void whatJettyRefusesIsAnsweredWithCarafesErrorPage() throws Exception {
    CarafeTest.test(
        AppTesting.app(),
        (server, client) -> {
          for (Refusal refusal : REFUSED_BEFORE_THE_APP) {
            assertCarafePage(refusal, RawHttp.exchange(server.port(), refusal.request()));
          }
        });
  }

  @Test
  void aRefusedRequestThatAsksForJsonGetsProblemJson() throws Exception {
    // Werkzeug serves /str/a"b (s='a"b'); characters RFC 3986 keeps out of a path are refused.
    CarafeTest.test(
        AppTesting.app(),
        (server, client) -> {
          String answer =
              RawHttp.exchange(
                  server.port(),
                  "GET /str/a\"b HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n"
                      + "Connection: close\r\n\r\n");
          assertEquals(400, RawHttp.status(answer), answer);
          assertTrue(RawHttp.hasHeader(answer, "Content-Type", "application/problem+json"), answer);
          assertEquals(
              "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                  + "\"detail\":\"Illegal Path Character\"}",
              body(answer));
          assertTrue(RawHttp.hasHeader(answer, "X-Frame-Options", "SAMEORIGIN"), answer);
        });
  }

  @Test
  void anEncodedSlashIsRefusedWithTheAppsOwnBadRequestHandler() throws Exception {
    // Flask decodes %2F and serves p='a/b'. Carafe refuses it on purpose: decoded, it cannot be
    // told from a real "/", and proxies in front disagree about it. The refusal is the app's
    // 400, through its handlers and hooks as for any error Flask raises.
    Carafe app = AppTesting.app();
    app.get("/p/<path:p>", req -> "p=" + req.param("p"));
    app.errorHandler(400, (req, e) -> Response.of(400, "the app's 400: " + e.getMessage()));
    CarafeTest.test(
        app,
        (server, client) -> {
          String answer =
              RawHttp.exchange(
                  server.port(), "GET /p/a%2Fb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
          assertEquals(400, RawHttp.status(answer), answer);
          assertEquals("the app's 400: The request path is malformed or ambiguous.", body(answer));
          assertTrue(RawHttp.hasHeader(answer, "X-Frame-Options", "SAMEORIGIN"), answer);
          assertEquals("p=a/b", client.get("/p/a/b").asString().getBody());
        });
  }

  @Test
  void methodsWithoutAViewAreTheAppsRoutingErrors() throws Exception {
    // Flask: TRACE /str/x is 405 with Allow, PROPFIND /nothing 404, with the app's error pages.
    Carafe app = AppTesting.app();
    app.get("/str/<s>", req -> "s=" + req.param("s"));
    app.errorHandler(404, (req, e) -> Response.of(404, "the app's 404"));
    CarafeTest.test(
        app,
        (server, client) -> {
          String trace =
              RawHttp.exchange(
                  server.port(), "TRACE /str/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
          assertEquals(405, RawHttp.status(trace), trace);
          assertTrue(RawHttp.hasHeader(trace, "Allow", "GET, HEAD, OPTIONS"), trace);
          assertTrue(trace.contains("<h1>Method Not Allowed</h1>"), trace);
          String propfind =
              RawHttp.exchange(
                  server.port(),
                  "PROPFIND /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
          assertEquals(404, RawHttp.status(propfind), propfind);
          assertEquals("the app's 404", body(propfind));
        });
  }
}
