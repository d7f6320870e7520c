package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReturnValuesTest {
  record Post(int id, String title, LocalDate day) {}

  /** A plain bean, as Jackson maps it. */
  public static final class Bean {
    public String getName() {
      return "bean";
    }
  }

  @Test
  void stringIsHtml() throws Exception {
    Carafe app = app();
    app.get("/", req -> "<h1>hi</h1>");
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/").asString();
          assertEquals("<h1>hi</h1>", r.getBody());
          assertTrue(r.getHeaders().getFirst("Content-Type").startsWith("text/html"));
        });
  }

  @Test
  void recordIsJsonWithIsoDates() throws Exception {
    Carafe app = app();
    app.get("/post", req -> new Post(1, "T", LocalDate.of(2026, 1, 2)));
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/post").asString();
          assertEquals("{\"id\":1,\"title\":\"T\",\"day\":\"2026-01-02\"}", r.getBody());
          assertEquals("application/json", r.getHeaders().getFirst("Content-Type"));
        });
  }

  @Test
  void mapListAndPojoAreJson() throws Exception {
    Carafe app = app();
    app.get("/map", req -> Map.of("a", 1));
    app.get("/list", req -> List.of(1, 2));
    app.get("/bean", req -> new Bean());
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("{\"a\":1}", client.get("/map").asString().getBody());
          assertEquals("[1,2]", client.get("/list").asString().getBody());
          assertEquals("{\"name\":\"bean\"}", client.get("/bean").asString().getBody());
        });
  }

  @Test
  void bytesAndStreamsAreOctetStreams() throws Exception {
    Carafe app = app();
    app.get("/bytes", req -> new byte[] {1, 2, 3});
    app.get("/stream", req -> new ByteArrayInputStream(new byte[] {4, 5}));
    CarafeTest.test(
        app,
        (server, client) -> {
          var bytes = client.get("/bytes").asBytes();
          assertArrayEquals(new byte[] {1, 2, 3}, bytes.getBody());
          assertEquals("application/octet-stream", bytes.getHeaders().getFirst("Content-Type"));
          assertArrayEquals(new byte[] {4, 5}, client.get("/stream").asBytes().getBody());
        });
  }

  @Test
  void responseObjectSetsStatusHeadersAndCookies() throws Exception {
    Carafe app = app();
    app.post(
        "/made",
        req -> Response.of(201, Map.of("ok", true)).header("X-Thing", "1").cookie("c", "v"));
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.post("/made").asString();
          assertEquals(201, r.getStatus());
          assertEquals("1", r.getHeaders().getFirst("X-Thing"));
          assertEquals("{\"ok\":true}", r.getBody());
          assertTrue(r.getHeaders().getFirst("Set-Cookie").startsWith("c=v"));
        });
  }

  @Test
  void redirectResponseSetsLocation() throws Exception {
    Carafe app = app();
    app.get("/old", req -> Response.redirect("/new"));
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/old").asString();
          assertEquals(302, r.getStatus());
          assertEquals("/new", r.getHeaders().getFirst("Location"));
        });
  }

  @Test
  void nullLeavesTheContextAsTheViewSetIt() throws Exception {
    Carafe app = app();
    app.get(
        "/raw",
        req -> {
          req.ctx().status(202).contentType("text/plain").result("raw");
          return null;
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/raw").asString();
          assertEquals(202, r.getStatus());
          assertEquals("raw", r.getBody());
          // A text type names its charset however it was set, as Flask's mimetype does.
          assertEquals("text/plain;charset=utf-8", r.getHeaders().getFirst("Content-Type"));
        });
  }

  @Test
  void emptyOptionalIs404AndPresentOneIsItsValue() throws Exception {
    Carafe app = app();
    app.get("/none", req -> Optional.empty());
    app.get("/some", req -> Optional.of("here"));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals(404, client.get("/none").asString().getStatus());
          assertEquals("here", client.get("/some").asString().getBody());
        });
  }

  @Test
  void headerValuesWithLineBreaksAreRefused() {
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> Response.of("x").header("X-A", "a\r\nSet-Cookie: evil=1"));
    assertTrue(e.getMessage().contains("line break"));
  }

  @Test
  void redirectNeeds3xx() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Response.redirect("/x", 200));
  }
}
