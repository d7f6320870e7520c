package dev.carafe;

import static dev.carafe.AppTesting.app;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Header values as they go on the wire: URLs encoded, text types with their charset. */
class ResponseHeadersTest {
  /** The raw response to a GET, read byte for byte, so that a non-ASCII byte shows. */
  private static String get(int port, String path) throws Exception {
    return RawHttp.exchange(
        port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  /** A header's value in a raw response. */
  private static String header(String response, String name) {
    for (String line : response.split("\r\n\r\n", 2)[0].split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ": ")) {
        return line.substring(name.length() + 2);
      }
    }
    throw new AssertionError("no " + name + " in " + response);
  }

  @Test
  void redirectsToNonAsciiUrlsSendThemPercentEncoded() throws Exception {
    Carafe app = app();
    app.get("/str/<name>", "str", req -> req.param("name"));
    app.get("/plain", req -> Response.redirect("/str/café"));
    app.get("/parts", req -> Response.redirect("/str/café?q=é ü#frag é"));
    app.get("/host", req -> Response.redirect("http://bücher.example/ü?x=ä b"));
    app.get("/encoded", req -> Response.redirect("/str/caf%C3%A9"));
    app.get("/built", req -> Response.redirect(req.urlFor("str", Map.of("name", "café"))));
    app.get("/content", req -> Response.of("x").header("Content-Location", "/café b"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask (Werkzeug's iri_to_uri) answers each with these Location values.
          assertEquals("/str/caf%C3%A9", header(get(server.port(), "/plain"), "Location"));
          assertEquals(
              "/str/caf%C3%A9?q=%C3%A9%20%C3%BC#frag%20%C3%A9",
              header(get(server.port(), "/parts"), "Location"));
          assertEquals(
              "http://xn--bcher-kva.example/%C3%BC?x=%C3%A4%20b",
              header(get(server.port(), "/host"), "Location"));
          assertEquals("/str/caf%C3%A9", header(get(server.port(), "/encoded"), "Location"));
          assertEquals("/str/caf%C3%A9", header(get(server.port(), "/built"), "Location"));
          assertEquals(
              "/caf%C3%A9%20b", header(get(server.port(), "/content"), "Content-Location"));
          assertEquals("café", client.get("/str/caf%C3%A9").asString().getBody());
        });
  }

  @Test
  void aNonAsciiValueInAnotherHeaderIsRefusedNamingTheHeader() throws Exception {
    Carafe app = app();
    app.get("/name", req -> Response.of("x").header("X-Name", "café"));
    app.errorHandler(IllegalArgumentException.class, (req, e) -> Response.of(500, e.getMessage()));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask sends 'café' as Latin-1 bytes and fails on '€'; Carafe never sends a value a
          // client would read differently.
          var response = client.get("/name").asString();
          assertEquals(500, response.getStatus());
          assertTrue(response.getBody().contains("Header X-Name"), response.getBody());
          assertTrue(response.getBody().contains("non-ASCII"), response.getBody());
        });
  }

  @Test
  void aDownloadNamedInUnicodeHasAWerkzeugAsciiFallback(@TempDir Path files) throws Exception {
    Files.writeString(files.resolve("report.csv"), "a,b\n");
    Carafe app = app();
    app.get(
        "/report",
        req ->
            SendFile.asAttachment(SendFile.file(req, files.resolve("report.csv")), "Café €*.csv"));
    CarafeTest.test(
        app,
        (server, client) ->
            // Flask: filename="Cafe *.csv"; filename*=UTF-8''Caf%C3%A9%20%E2%82%AC*.csv, whose "*"
            // RFC 5987 does not allow.
            assertEquals(
                "attachment; filename=\"Cafe *.csv\";"
                    + " filename*=UTF-8''Caf%C3%A9%20%E2%82%AC%2A.csv",
                header(get(server.port(), "/report"), "Content-Disposition")));
  }

  @Test
  void textResponsesNameUtf8HoweverTheViewSetTheirType(@TempDir Path files) throws Exception {
    Files.writeString(files.resolve("notes.xml"), "<a/>");
    Carafe app = app();
    app.get("/type", req -> Response.of("é").contentType("text/plain"));
    app.get("/header", req -> Response.of("é").header("Content-Type", "text/csv"));
    app.get("/bytes", req -> Response.of("é".getBytes(UTF_8)).contentType("text/plain"));
    app.get(
        "/stream",
        req -> Response.of(new ByteArrayInputStream("é".getBytes(UTF_8))).contentType("text/csv"));
    app.get("/xml", req -> Response.of("<a/>").contentType("application/xml"));
    app.get("/svg", req -> Response.of("<svg/>").contentType("image/svg+xml"));
    app.get("/file", req -> SendFile.file(req, files.resolve("notes.xml")));
    app.get(
        "/context",
        req -> {
          req.javalinContext().contentType("text/plain").result("é");
          return null;
        });
    app.get("/named", req -> Response.of("x").contentType("text/plain; charset=ISO-8859-1"));
    app.get("/json", req -> Response.of("{}").contentType("application/json"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: Response(..., mimetype=...) and send_file add "; charset=utf-8" to text/*, XML
          // and JavaScript types, and to no other.
          for (String path : new String[] {"/type", "/header", "/bytes", "/stream", "/context"}) {
            String response = get(server.port(), path);
            assertEquals(
                "charset=utf-8",
                header(response, "Content-Type").replaceFirst(".*; ?", "").toLowerCase(Locale.ROOT),
                path + ": " + response);
            assertEquals(
                "é", new String(response.split("\r\n\r\n", 2)[1].getBytes(ISO_8859_1), UTF_8));
          }
          for (String path : new String[] {"/xml", "/svg", "/file"}) {
            String type = header(get(server.port(), path), "Content-Type");
            assertTrue(type.toLowerCase(Locale.ROOT).endsWith("charset=utf-8"), path + ": " + type);
          }
          assertTrue(
              header(get(server.port(), "/named"), "Content-Type")
                  .toLowerCase(Locale.ROOT)
                  .endsWith("charset=iso-8859-1"));
          assertEquals("application/json", header(get(server.port(), "/json"), "Content-Type"));
        });
  }
}
