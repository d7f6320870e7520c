package dev.carafe;

import static dev.carafe.AppTesting.app;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void abortEndsTheRequestWithItsStatusAndMessage() throws Exception {
    Carafe app = app();
    app.get(
        "/secret",
        req -> {
          throw Carafe.abort(403, "Members only.");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/secret").asString();
          assertEquals(403, r.getStatus());
          assertTrue(r.getBody().contains("Members only."), r.getBody());
        });
  }

  @Test
  void abortFromAHelperDeepInTheCallWorks() throws Exception {
    Carafe app = app();
    app.get("/deep", req -> deep());
    CarafeTest.test(
        app, (server, client) -> assertEquals(409, client.get("/deep").asString().getStatus()));
  }

  private static Object deep() {
    throw Carafe.abort(409);
  }

  @Test
  void errorBodyIsProblemJsonForJsonClients() throws Exception {
    Carafe app = app();
    app.get(
        "/gone",
        req -> {
          throw Carafe.abort(410, "It moved away.");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/gone").header("Accept", "application/json").asString();
          assertEquals("application/problem+json", r.getHeaders().getFirst("Content-Type"));
          assertEquals(
              "{\"type\":\"about:blank\",\"title\":\"Gone\",\"status\":410,\"detail\":\"It moved away.\"}",
              r.getBody());
        });
  }

  @Test
  void errorBodyIsHtmlForBrowsers() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          var r =
              client
                  .get("/missing")
                  .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                  .asString();
          assertTrue(r.getHeaders().getFirst("Content-Type").startsWith("text/html"));
          assertTrue(r.getBody().contains("<h1>Not Found</h1>"), r.getBody());
        });
  }

  @Test
  void abortMessagesAreEscapedInHtml() throws Exception {
    Carafe app = app();
    app.get(
        "/x",
        req -> {
          throw Carafe.abort(400, "<script>alert(1)</script>");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          String body = client.get("/x").asString().getBody();
          assertFalse(body.contains("<script>"), body);
          assertTrue(body.contains("&lt;script&gt;"), body);
        });
  }

  @Test
  void unhandledExceptionIs500WithoutTheTrace() throws Exception {
    Carafe app = app();
    app.get(
        "/boom",
        req -> {
          throw new IllegalStateException("database password is hunter2");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/boom").asString();
          assertEquals(500, r.getStatus());
          assertFalse(r.getBody().contains("hunter2"), r.getBody());
          assertFalse(r.getBody().contains("IllegalStateException"), r.getBody());
          var json = client.get("/boom").header("Accept", "application/json").asString();
          assertFalse(json.getBody().contains("hunter2"), json.getBody());
        });
  }

  @Test
  void aServerErrorShowsTheMessageTheAppGaveButNeverAnExceptionsOwn() throws Exception {
    // Flask 2.2: abort(503, "Back <soon>") answers 503 with "<p>Back &lt;soon&gt;</p>", while an
    // unhandled exception's 500 shows only the standard description.
    Carafe app =
        Carafe.create(
            Config.builder()
                .set("mode", "production")
                .set("secret_key", "a-production-grade-secret-1234567890")
                .build());
    app.get("/down", req -> Carafe.abort(503, "Back <soon>", Map.of("Retry-After", "60")));
    app.get("/broken", req -> Carafe.abort(500, "The archive is being rebuilt."));
    app.get(
        "/boom",
        req -> {
          throw new IllegalStateException("database password is hunter2");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var down = client.get("/down").asString();
          assertEquals(503, down.getStatus());
          assertTrue(down.getBody().contains("<p>Back &lt;soon&gt;</p>"), down.getBody());
          var json = client.get("/down").header("Accept", "application/json").asString();
          assertEquals(
              "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                  + "\"detail\":\"Back <soon>\"}",
              json.getBody());
          String broken = client.get("/broken").asString().getBody();
          assertTrue(broken.contains("<p>The archive is being rebuilt.</p>"), broken);
          String boom = client.get("/boom").asString().getBody();
          assertFalse(boom.contains("hunter2"), boom);
          assertTrue(boom.contains("The server encountered an internal error"), boom);
        });
  }

  @Test
  void statusHandlerRendersTheNotFoundPage() throws Exception {
    Carafe app = app();
    app.errorHandler(404, (req, e) -> "custom 404 for " + req.path());
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/nope").asString();
          assertEquals(404, r.getStatus());
          assertEquals("custom 404 for /nope", r.getBody());
        });
  }

  @Test
  void exceptionTypeHandlerCatchesSubclassesMostSpecificFirst() throws Exception {
    Carafe app = app();
    app.errorHandler(RuntimeException.class, (req, e) -> Response.of(500, "runtime"));
    app.errorHandler(
        IllegalArgumentException.class, (req, e) -> Response.of(422, "bad: " + e.getMessage()));
    app.get(
        "/iae",
        req -> {
          throw new NumberFormatException("not a number");
        });
    app.get(
        "/rt",
        req -> {
          throw new IllegalStateException("x");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var iae = client.get("/iae").asString();
          assertEquals(422, iae.getStatus());
          assertEquals("bad: not a number", iae.getBody());
          assertEquals("runtime", client.get("/rt").asString().getBody());
        });
  }

  @Test
  void handlerStatusDefaultsToTheErrorsOwn() throws Exception {
    Carafe app = app();
    app.errorHandler(418, (req, e) -> Map.of("teapot", true));
    app.get(
        "/tea",
        req -> {
          throw Carafe.abort(418);
        });
    CarafeTest.test(
        app, (server, client) -> assertEquals(418, client.get("/tea").asString().getStatus()));
  }

  @Test
  void fiveHundredHandlerSeesUnhandledExceptionsAsCause() throws Exception {
    Carafe app = app();
    app.errorHandler(500, (req, e) -> "sorry: " + e.getCause().getClass().getSimpleName());
    app.get(
        "/boom",
        req -> {
          throw new ArithmeticException();
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/boom").asString();
          assertEquals(500, r.getStatus());
          assertEquals("sorry: ArithmeticException", r.getBody());
        });
  }

  @Test
  void failingErrorHandlerFallsBackToThePlain500() throws Exception {
    Carafe app = app();
    app.errorHandler(
        404,
        (req, e) -> {
          throw new IllegalStateException("handler broke");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/nope").asString();
          assertEquals(500, r.getStatus());
          assertFalse(r.getBody().contains("handler broke"));
        });
  }

  @Test
  void methodNotAllowedHandlerKeepsTheAllowHeader() throws Exception {
    Carafe app = app();
    app.get("/a", req -> "a");
    app.errorHandler(405, (req, e) -> "no");
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.post("/a").asString();
          assertEquals(405, r.getStatus());
          assertEquals("GET, HEAD, OPTIONS", r.getHeaders().getFirst("Allow"));
        });
  }

  @Test
  void aFailureBeforeAnyByteWentOutIsAClean500WithoutWhatTheViewWrote() throws Exception {
    Carafe app = app();
    app.get(
        "/half",
        req -> {
          req.javalinContext().res().getOutputStream().write("half a page".getBytes(UTF_8));
          throw new IllegalStateException("boom");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/half").asString();
          assertEquals(500, r.getStatus());
          assertFalse(r.getBody().contains("half a page"), r.getBody());
        });
  }

  @Test
  void aFailureAfterTheResponseBeganCutsTheConnectionInsteadOfCompletingIt() throws Exception {
    Carafe app = app();
    app.get(
        "/stream",
        req -> {
          var out = req.javalinContext().res().getOutputStream();
          out.write("first part\n".getBytes(UTF_8));
          out.flush();
          throw new IllegalStateException("boom");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket
                .getOutputStream()
                .write("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(UTF_8));
            // Read to the end: a cut connection ends the stream; a completed chunked response
            // would leave it open for the next request and end with the last chunk.
            String reply = new String(socket.getInputStream().readAllBytes(), UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
            assertTrue(reply.contains("first part"), reply);
            assertFalse(reply.contains("Internal Server Error"), reply);
            assertFalse(reply.endsWith("0\r\n\r\n"), "the response was completed: " + reply);
          }
        });
  }

  @Test
  void anAppStatusHandlerWinsOverABlueprintTypeHandler() throws Exception {
    // Flask's _find_error_handler: handlers for the status first (blueprint, then app), then
    // handlers for the class (blueprint, then app). Flask answers "app 409".
    Blueprint shop = new Blueprint("shop", "/shop");
    shop.errorHandler(HttpAbort.class, (req, e) -> "shop catch-all");
    shop.get("/buy", req -> Carafe.abort(409));
    Carafe app = app().register(shop);
    app.errorHandler(409, (req, e) -> "app 409");
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/shop/buy").asString();
          assertEquals(409, r.getStatus());
          assertEquals("app 409", r.getBody());
        });
  }

  @Test
  void anUnhandledExceptionReachesTheHttpAbortCatchAllAsA500() throws Exception {
    // Flask hands an errorhandler(HTTPException) the InternalServerError that wraps the original
    // exception: "http 500 ArithmeticException".
    Carafe app = app();
    app.errorHandler(
        HttpAbort.class,
        (req, e) -> "http " + e.status() + " " + e.getCause().getClass().getSimpleName());
    app.get(
        "/boom",
        req -> {
          throw new ArithmeticException();
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/boom").asString();
          assertEquals(500, r.getStatus());
          assertEquals("http 500 ArithmeticException", r.getBody());
        });
  }

  @Test
  void abortIsAnExpressionAndItsHeadersReachTheErrorPage() throws Exception {
    // Flask: abort(401, www_authenticate=...) and abort(429, retry_after=60) send the header with
    // the error page.
    Carafe app = app();
    app.get(
        "/account",
        req ->
            Carafe.abort(401, "Log in first.", Map.of("WWW-Authenticate", "Basic realm=\"blog\"")));
    app.get("/busy", req -> Carafe.abort(429, "Slow down.", Map.of("Retry-After", "60")));
    CarafeTest.test(
        app,
        (server, client) -> {
          var login = client.get("/account").asString();
          assertEquals(401, login.getStatus());
          assertEquals("Basic realm=\"blog\"", login.getHeaders().getFirst("WWW-Authenticate"));
          assertTrue(login.getBody().contains("Log in first."), login.getBody());
          var busy = client.get("/busy").header("Accept", "application/json").asString();
          assertEquals(429, busy.getStatus());
          assertEquals("60", busy.getHeaders().getFirst("Retry-After"));
          assertEquals("application/problem+json", busy.getHeaders().getFirst("Content-Type"));
        });
  }

  @Test
  void anErrorHandlerReturningTheAbortAnswersWithItsPageAndHeaders() throws Exception {
    // Flask: a handler that returns the HTTPException it was given answers with the exception's
    // own response, headers included.
    Carafe app = app();
    app.errorHandler(429, (req, e) -> e);
    app.get("/busy", req -> Carafe.abort(429, "Slow down.", Map.of("Retry-After", "60")));
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/busy").asString();
          assertEquals(429, r.getStatus());
          assertEquals("60", r.getHeaders().getFirst("Retry-After"));
          assertTrue(r.getBody().contains("<h1>Too Many Requests</h1>"), r.getBody());
          assertFalse(r.getBody().contains("stackTrace"), r.getBody());
        });
  }

  @Test
  void abortHeadersReachAHandlersResponseUnlessItSetsThem() throws Exception {
    // Flask drops the Allow header when a 405 handler returns its own body; Carafe keeps it,
    // because HTTP requires it on a 405 (RFC 9110, 15.5.6).
    Carafe app = app();
    app.errorHandler(405, (req, e) -> "read only");
    app.errorHandler(
        401, (req, e) -> Response.of(401, "who?").header("WWW-Authenticate", "Bearer"));
    app.get("/ro", req -> Carafe.abort(405, "Read only.", Map.of("Allow", "GET")));
    app.get("/who", req -> Carafe.abort(401, "Log in.", Map.of("WWW-Authenticate", "Basic")));
    CarafeTest.test(
        app,
        (server, client) -> {
          var ro = client.get("/ro").asString();
          assertEquals("read only", ro.getBody());
          assertEquals("GET", ro.getHeaders().getFirst("Allow"));
          assertEquals(
              "Bearer", client.get("/who").asString().getHeaders().getFirst("WWW-Authenticate"));
        });
  }

  @Test
  void abortRefusesNonErrorStatuses() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Carafe.abort(200));
  }
}
