package dev.carafe.test;

import dev.carafe.Carafe;
import kong.unirest.core.Config;
import kong.unirest.core.UnirestInstance;
import kong.unirest.modules.jackson.JacksonObjectMapper;

/**
 * Runs a test against a real server: starts the app on a free loopback port, hands over a Unirest
 * client bound to it, and stops both afterwards.
 *
 * <pre>{@code
 * CarafeTest.test(app, (server, client) -> {
 *   assertEquals(200, client.get("/api/hello").asString().getStatus());
 * });
 * }</pre>
 */
public final class CarafeTest {
  /** The body of a test. */
  @FunctionalInterface
  public interface Body {
    void run(TestServer server, UnirestInstance client) throws Exception;
  }

  private CarafeTest() {}

  /** Starts {@code app}, runs {@code body}, stops the app, and rethrows what the body threw. */
  public static void test(Carafe app, Body body) throws Exception {
    app.start("127.0.0.1", 0);
    try (UnirestInstance client = client("http://127.0.0.1:" + app.port())) {
      body.run(new TestServer(app), client);
    } finally {
      app.stop();
    }
  }

  /** A Unirest client for a base URL: no redirect following, JSON mapped with Jackson. */
  public static UnirestInstance client(String baseUrl) {
    UnirestInstance client = new UnirestInstance(new Config());
    client
        .config()
        .defaultBaseUrl(baseUrl)
        .followRedirects(false)
        .setObjectMapper(new JacksonObjectMapper())
        .connectTimeout(5_000)
        .requestTimeout(30_000);
    return client;
  }
}
