package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.test.CarafeTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nginx in front of a running app: what the app learns about the client, the request id, kept-alive
 * upstream connections, the app's own errors, and streams.
 */
class ProxyIT {
  /** A client address other than nginx's own 127.0.0.1, so the two can be told apart. */
  private static final String CLIENT = "127.0.0.2";

  /** A load balancer in front of nginx, whose request ids nginx keeps. */
  private static final String BALANCER = "127.0.0.3";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ProbeApp app;
  private static Nginx nginx;
  private static UnirestInstance client;

  @BeforeAll
  static void start() throws Exception {
    app = ProbeApp.start();
    nginx = Nginx.builder().app(app.address()).trustRequestIdFrom(BALANCER).start();
    client = CarafeTest.client(nginx.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (nginx != null) {
      nginx.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void theAppSeesTheRealClientAndIgnoresWhatTheClientClaims() throws Exception {
    Curl.Reply whoami =
        Curl.request(
            nginx.url() + "/api/whoami",
            "--interface",
            CLIENT,
            "-H",
            "X-Forwarded-For: 6.6.6.6",
            "-H",
            "X-Forwarded-Proto: https");

    JsonNode seen = JSON.readTree(whoami.body());
    assertEquals(200, whoami.status(), nginx.diagnostics());
    assertEquals(CLIENT, seen.get("ip").asText());
    assertEquals("http", seen.get("scheme").asText());
    assertEquals("127.0.0.1:" + nginx.port(), seen.get("host").asText());
  }

  @Test
  void nginxStatesTheForwardedHeadersAndDropsTheClientsOwn() throws Exception {
    JsonNode headers =
        JSON.readTree(
                Curl.request(
                        nginx.url() + "/probe/request",
                        "--interface",
                        CLIENT,
                        "-H",
                        "X-Forwarded-For: 6.6.6.6",
                        "-H",
                        "X-Forwarded-Port: 6666",
                        "-H",
                        "X-Forwarded-Prefix: /evil",
                        "-H",
                        "Forwarded: for=6.6.6.6;proto=https")
                    .body())
            .get("headers");

    assertEquals(CLIENT, headers.get("x-forwarded-for").asText());
    assertEquals("http", headers.get("x-forwarded-proto").asText());
    assertEquals("127.0.0.1:" + nginx.port(), headers.get("x-forwarded-host").asText());
    assertFalse(headers.has("x-forwarded-port"), headers.toString());
    assertFalse(headers.has("x-forwarded-prefix"), headers.toString());
    assertFalse(headers.has("forwarded"), headers.toString());
  }

  @Test
  void everyRequestCarriesAnIdThatTheAppAndTheClientShare() throws Exception {
    Curl.Reply fromClient =
        Curl.request(
            nginx.url() + "/probe/request",
            "--interface",
            CLIENT,
            "-H",
            "X-Request-Id: picked-by-the-client");
    Curl.Reply fromBalancer =
        Curl.request(
            nginx.url() + "/probe/request",
            "--interface",
            BALANCER,
            "-H",
            "X-Request-Id: balancer-4711");

    String id = fromClient.header("X-Request-Id");
    assertTrue(id.matches("[0-9a-f]{32}"), "nginx's own id, not the client's: " + id);
    assertEquals(id, JSON.readTree(fromClient.body()).at("/headers/x-request-id").asText());
    assertEquals("balancer-4711", fromBalancer.header("X-Request-Id"));
    assertEquals(
        "balancer-4711", JSON.readTree(fromBalancer.body()).at("/headers/x-request-id").asText());
  }

  @Test
  void upstreamConnectionsAreKeptAliveAcrossRequests() throws Exception {
    Set<Integer> upstreamPorts = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      JsonNode seen = JSON.readTree(client.get("/probe/request").asString().getBody());
      upstreamPorts.add(seen.get("peerPort").asInt());
      assertFalse(seen.get("headers").has("connection"), "no Connection: close upstream");
    }

    // One client connection is served by one nginx worker, which reuses its idle connection.
    assertTrue(upstreamPorts.size() <= 2, "20 requests used connections " + upstreamPorts);
  }

  @Test
  void theAppsOwnErrorsPassThroughUntouched() throws Exception {
    HttpResponse<String> unavailable = client.get("/probe/status/503").asString();
    HttpResponse<String> badGateway = client.get("/probe/status/502").asString();

    assertEquals(503, unavailable.getStatus());
    assertEquals("the app", JSON.readTree(unavailable.getBody()).get("from").asText());
    assertEquals(502, badGateway.getStatus());
    assertEquals("the app", JSON.readTree(badGateway.getBody()).get("from").asText());
  }

  @Test
  void eventStreamsReachTheClientAsTheAppWritesThem() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    java.net.http.HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(nginx.url() + "/events/probe"))
                .header("Accept-Encoding", "gzip") // as browsers send it
                .timeout(Duration.ofSeconds(30))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      for (int event = 1; event <= ProbeApp.EVENTS; event++) {
        assertEquals("data: " + event, events.readLine());
        assertEquals("", events.readLine());
        assertFalse(app.streamWaitedInVain(), "event " + event + " was held back by nginx");
        app.releaseNextEvent();
      }
      assertEquals(null, events.readLine());
    }
  }

  @Test
  void aSlowClientDoesNotHoldTheApp() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    java.net.http.HttpResponse<InputStream> large =
        http.send(
            HttpRequest.newBuilder(URI.create(nginx.url() + "/probe/large"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    try {
      // The client reads nothing, yet nginx takes the whole response off the app's hands.
      assertTrue(
          app.awaitLargeWritten(Duration.ofSeconds(30)),
          "the app is still writing to a client that does not read\n" + nginx.diagnostics());
    } finally {
      large.body().close();
    }
  }

  @Test
  void everythingElseIsTheApp() {
    HttpResponse<String> hello = client.get("/api/hello").asString();

    assertEquals(200, hello.getStatus());
    assertEquals("{\"message\":\"Hello, World!\"}", hello.getBody());
    assertNotEquals("", hello.getHeaders().getFirst("X-Request-Id"));
  }
}
