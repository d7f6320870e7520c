package dev.carafe.it.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.it.Launched;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.JsonNode;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;

/** Prod mode through the real run-prod.sh: signals, faults, proxies and sockets. */
class RunProdScriptIT {
  private static final Duration REPLACE = Duration.ofSeconds(60);

  private static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void workersAreChildrenOfTheMasterAndServeTheDemo() throws Exception {
    int port = Launched.freePort();
    try (Launched master = ProdServer.serving(port, "--workers", "2");
        UnirestInstance client = CarafeTest.client(url(port, ""))) {
      assertEquals(2, ProdServer.workers(master).size());
      HttpResponse<String> hello = client.get("/api/hello").asString();
      assertEquals("{\"message\":\"Hello, World!\"}", hello.getBody());
      assertTrue(hello.getHeaders().getFirst("X-Request-Id").matches("[0-9a-f]{32}"));
      assertEquals(200, client.get("/readyz").asString().getStatus());
      assertEquals(200, client.get("/static/app.css").asString().getStatus());
      assertTrue(master.output().contains("\"log\":\"access\""), "access log");
    }
  }

  @Test
  void rollingReloadUnderLoadLosesNothing() throws Exception {
    int port = Launched.freePort();
    try (Launched master = ProdServer.serving(port, "--workers", "2")) {
      Set<Long> before = ProdServer.workers(master);
      Load load = Load.start(url(port, "/api/hello"), 4, 200_000, Duration.ofSeconds(90));
      try {
        Thread.sleep(500);
        master.signal("HUP");
        master.awaitOutput("Reload complete", ProdServer.BOOT);
        Set<Long> after =
            ProdServer.awaitWorkers(master, w -> w.size() == 2, Duration.ofSeconds(30));
        Set<Long> kept = new HashSet<>(after);
        kept.retainAll(before);
        assertTrue(kept.isEmpty(), "every worker replaced: before " + before + ", after " + after);
        Thread.sleep(500);
      } finally {
        load.stop();
      }
      assertEquals(List.of(), load.failures());
      assertTrue(load.succeeded() > 100, "requests served: " + load.succeeded());
    }
  }

  @Test
  void aKilledWorkerIsReplaced() throws Exception {
    int port = Launched.freePort();
    try (Launched master = ProdServer.serving(port, "--workers", "2")) {
      long victim = ProdServer.workers(master).iterator().next();
      Launched.kill("KILL", victim);
      ProdServer.awaitWorkers(master, w -> w.size() == 2 && !w.contains(victim), REPLACE);
      master.awaitHttp(url(port, "/api/hello"), 200, Duration.ofSeconds(10));
    }
  }

  @Test
  void aHungWorkerIsKilledAndReplaced() throws Exception {
    int port = Launched.freePort();
    try (Launched master = ProdServer.serving(port, "--workers", "2", "--timeout", "3")) {
      long victim = ProdServer.workers(master).iterator().next();
      Launched.kill("STOP", victim);
      ProdServer.awaitWorkers(master, w -> w.size() == 2 && !w.contains(victim), REPLACE);
      assertTrue(master.output().contains("sent no heartbeat"), master.output());
    }
  }

  @Test
  void termLetsRequestsInFlightFinishAndExitsZero() throws Exception {
    int port = Launched.freePort();
    Map<String, String> env = ProdServer.environment();
    try (Launched master =
            ProdServer.serving(env, port, "--app", "dev.carafe.it.prod.SlowApp", "--workers", "2");
        UnirestInstance client = CarafeTest.client(url(port, ""))) {
      var slow = CompletableFuture.supplyAsync(() -> client.get("/slow/3000").asString());
      Thread.sleep(1000); // the request is in flight
      master.signal("TERM");
      HttpResponse<String> finished = slow.get();
      assertEquals(200, finished.getStatus(), finished.getBody());
      assertEquals("{\"slept\":3000}", finished.getBody());
      assertEquals(0, master.awaitExit(Duration.ofSeconds(40)));
    }
  }

  @Test
  void aRequestPastTheRequestTimeoutIsAnswered503() throws Exception {
    int port = Launched.freePort();
    try (Launched master =
            ProdServer.serving(
                port,
                "--app",
                "dev.carafe.it.prod.SlowApp",
                "--workers",
                "1",
                "--request-timeout",
                "1");
        UnirestInstance client = CarafeTest.client(url(port, ""))) {
      assertEquals(503, client.get("/slow/5000").asString().getStatus());
      assertEquals(200, client.get("/slow/10").asString().getStatus());
      assertTrue(master.output().contains("ran past the request timeout"), master.output());
    }
  }

  @Test
  void ttinAddsAWorkerAndTtouRemovesOne() throws Exception {
    int port = Launched.freePort();
    try (Launched master = ProdServer.serving(port, "--workers", "1")) {
      master.signal("TTIN");
      ProdServer.awaitWorkers(master, w -> w.size() == 2, REPLACE);
      master.awaitOutput("ready in", Duration.ofSeconds(5));
      master.signal("TTOU");
      ProdServer.awaitWorkers(master, w -> w.size() == 1, REPLACE);
      master.awaitHttp(url(port, "/api/hello"), 200, Duration.ofSeconds(10));
    }
  }

  @Test
  void aWorkerThatCannotBootStopsTheMaster() throws Exception {
    int port = Launched.freePort();
    try (Launched master =
        ProdServer.start(
            ProdServer.environment(),
            "--bind",
            "127.0.0.1:" + port,
            "--app",
            "dev.carafe.it.prod.BrokenApp")) {
      assertEquals(3, master.awaitExit(ProdServer.BOOT), master.output());
      assertTrue(master.output().contains("cannot reach the database"), master.output());
      assertTrue(master.output().contains("could not boot"), master.output());
    }
  }

  @Test
  void maxRequestsRecyclesWorkersUnderLoadLosingNothing() throws Exception {
    int port = Launched.freePort();
    try (Launched master =
        ProdServer.serving(
            port, "--workers", "2", "--max-requests", "300", "--max-requests-jitter", "50")) {
      Set<Long> before = ProdServer.workers(master);
      Load load = Load.start(url(port, "/api/hello"), 4, 3_000, Duration.ofSeconds(90));
      try {
        ProdServer.awaitWorkers(
            master, w -> w.size() == 2 && w.stream().noneMatch(before::contains), REPLACE);
      } finally {
        load.stop();
      }
      assertEquals(List.of(), load.failures());
      assertTrue(master.output().contains("reached max_requests"), master.output());
    }
  }

  @Test
  void aUnixSocketServesRequests() throws Exception {
    Path dir = Files.createTempDirectory("carafe-sock");
    Path socket = dir.resolve("app.sock");
    try (Launched master =
        ProdServer.start(ProdServer.environment(), "--workers", "2", "--bind", "unix:" + socket)) {
      master.awaitOutput("Serving ", ProdServer.BOOT);
      String response =
          overUnixSocket(
              socket,
              "GET /api/whoami HTTP/1.1\r\nHost: app\r\nX-Forwarded-For: 203.0.113.7\r\n"
                  + "Connection: close\r\n\r\n");
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.contains("X-Request-Id"), response);
      // nginx on the same host is trusted: the app sees the client it names.
      assertTrue(response.contains("\"ip\":\"203.0.113.7\""), response);
    }
  }

  @Test
  void anUntrustedForwardedForIsIgnored() throws Exception {
    int port = Launched.freePort();
    try (Launched master = ProdServer.serving(port, "--forwarded-allow-ips", "10.0.0.0/8");
        UnirestInstance client = CarafeTest.client(url(port, ""))) {
      HttpResponse<JsonNode> whoami =
          client.get("/api/whoami").header("X-Forwarded-For", "203.0.113.7").asJson();
      assertEquals("127.0.0.1", whoami.getBody().getObject().getString("ip"), master.output());
    }
  }

  @Test
  void aMissingSecretKeyRefusesToStart() throws Exception {
    Map<String, String> env = ProdServer.environment();
    env.put("CARAFE_SECRET_KEY", "");
    try (Launched master = ProdServer.start(env, "--bind", "127.0.0.1:" + Launched.freePort())) {
      assertEquals(78, master.awaitExit(ProdServer.BOOT), master.output());
      assertTrue(master.output().contains("secret_key"), master.output());
      assertTrue(master.children().isEmpty());
    }
  }

  private static String overUnixSocket(Path socket, String request) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (channel.read(buffer) >= 0) {
        if (!buffer.hasRemaining()) {
          break;
        }
      }
      buffer.flip();
      return StandardCharsets.UTF_8.decode(buffer).toString();
    }
  }
}
