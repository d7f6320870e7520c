package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.test.CarafeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code X-Forwarded-*} from a trusted proxy, with Werkzeug's {@code ProxyFix} answers: each
 * header's value is the one the trusted proxies added, counted from the right, never what the
 * client put in front of it.
 */
class ProxyHeadersTest {
  private static Carafe whoApp(Map<String, String> settings) {
    Config.Builder config = Config.builder().set("csrf_enabled", "false");
    settings.forEach(config::set);
    Carafe app = Carafe.create(config.build());
    app.get(
        "/who",
        req ->
            String.join(
                " ", req.remoteAddr(), req.scheme(), req.host(), req.scriptRoot(), req.url()));
    return app;
  }

  @Test
  void eachForwardedHeaderTakesTheValueTheTrustedProxyAddedNotTheClients() throws Exception {
    // ProxyFix(x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1) answers 203.0.113.7, https,
    // shop.example:8443, /shop and https://shop.example:8443/shop/who.
    Carafe app = whoApp(Map.of("forwarded_port_hops", "1"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "203.0.113.7 https shop.example:8443 /shop https://shop.example:8443/shop/who",
                client
                    .get("/who")
                    .header("X-Forwarded-For", "6.6.6.6, 203.0.113.7")
                    .header("X-Forwarded-Proto", "http, https")
                    .header("X-Forwarded-Host", "evil.example, shop.example")
                    .header("X-Forwarded-Port", "1, 8443")
                    .header("X-Forwarded-Prefix", "/evil, /shop")
                    .asString()
                    .getBody()));
  }

  @Test
  void aHeaderSentAsSeveralLinesCountsFromItsLastLine() throws Exception {
    // Werkzeug joins the lines with commas: ProxyFix(x_host=1) answers shop.example.
    CarafeTest.test(
        whoApp(Map.of()),
        (server, client) -> {
          String answer =
              RawHttp.exchange(
                  server.port(),
                  "GET /who HTTP/1.1\r\nHost: x\r\nX-Forwarded-Host: evil.example\r\n"
                      + "X-Forwarded-Host: shop.example\r\nConnection: close\r\n\r\n");
          assertEquals(
              "127.0.0.1 http shop.example  http://shop.example/who",
              answer.split("\r\n\r\n", 2)[1]);
        });
  }

  @Test
  void twoTrustedProxiesNameTheClientTheFirstOneSaw() throws Exception {
    // ProxyFix(x_for=2, x_host=2) answers 203.0.113.7 and b, whatever the client put in front.
    Carafe app = whoApp(Map.of("forwarded_for_hops", "2", "forwarded_host_hops", "2"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "203.0.113.7 http b  http://b/who",
                client
                    .get("/who")
                    .header("X-Forwarded-For", "1.1.1.1, 203.0.113.7, 10.0.0.1")
                    .header("X-Forwarded-Host", "a, b, c")
                    .asString()
                    .getBody()));
  }

  @Test
  void aHeaderWithFewerValuesThanTrustedProxiesIsIgnored() throws Exception {
    // It did not pass through every proxy: ProxyFix(x_for=2, x_host=2) keeps the peer and Host.
    Carafe app = whoApp(Map.of("forwarded_for_hops", "2", "forwarded_host_hops", "2"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "127.0.0.1 http 127.0.0.1:"
                    + server.port()
                    + "  http://127.0.0.1:"
                    + server.port()
                    + "/who",
                client
                    .get("/who")
                    .header("X-Forwarded-For", "203.0.113.7")
                    .header("X-Forwarded-Host", "a")
                    .asString()
                    .getBody()));
  }
}
