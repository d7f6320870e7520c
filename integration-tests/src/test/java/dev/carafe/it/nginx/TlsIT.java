package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nginx/tls.conf, enabled with a self-signed certificate: HTTPS with HTTP/2 in front of the app.
 */
class TlsIT {
  private static final String HSTS = "max-age=63072000; includeSubDomains";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ProbeApp app;
  private static Nginx nginx;

  @BeforeAll
  static void start() throws Exception {
    app = ProbeApp.start();
    nginx = Nginx.builder().app(app.address()).tls().start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void httpsSpeaksHttp2AndTheAppSeesTheHttpsScheme() throws Exception {
    Curl.Reply whoami = Curl.request(nginx.tlsUrl() + "/api/whoami", "--http2", "-k");

    JsonNode seen = JSON.readTree(whoami.body());
    assertEquals(200, whoami.status(), nginx.diagnostics());
    assertEquals("2", whoami.httpVersion());
    assertEquals("https", seen.get("scheme").asText());
    assertEquals("127.0.0.1", seen.get("ip").asText());
  }

  @Test
  void everyHttpsAnswerCarriesHstsAndPlainHttpNone() throws Exception {
    Curl.Reply proxied = Curl.request(nginx.tlsUrl() + "/api/hello", "--http2", "-k");
    Curl.Reply fromNginx = Curl.request(nginx.tlsUrl() + "/static/app.css?v=1", "--http2", "-k");
    Curl.Reply plain = Curl.request(nginx.url() + "/api/hello");

    assertEquals(HSTS, proxied.header("Strict-Transport-Security"));
    assertEquals(HSTS, fromNginx.header("Strict-Transport-Security"));
    assertEquals(
        "public, max-age=31536000, immutable", fromNginx.header("Cache-Control"), "both headers");
    assertNull(plain.header("Strict-Transport-Security"));
  }

  @Test
  void tls12StillServesOlderClients() throws Exception {
    Curl.Reply reply =
        Curl.request(nginx.tlsUrl() + "/api/hello", "-k", "--tlsv1.2", "--tls-max", "1.2");

    assertEquals(200, reply.status());
  }
}
