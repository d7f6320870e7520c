package dev.carafe.it.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.it.Launched;
import dev.carafe.it.Load;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProdServerIT {
  private static final Duration WAIT = Duration.ofMinutes(3);

  @Test
  void workersAreChildrenOfTheMasterAndShareThePort() throws Exception {
    try (ProdServer prod = ProdServer.start(Map.of(), "--workers", "2");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      assertEquals(
          "{\"message\":\"Hello, World!\"}", client.get("/api/hello").asString().getBody());
      assertTrue(
          client
              .get("/api/hello")
              .asString()
              .getHeaders()
              .getFirst("X-Request-Id")
              .matches("[0-9a-f]{32}"));
    }
  }

  /**
   * The master's one scrape target: every worker's series under its worker label, in the Prometheus
   * text format, counting each request once under its route's endpoint.
   */
  @Test
  void theMastersMetricsCountEveryWorkersRequestsByEndpoint() throws Exception {
    try (ProdServer prod = ProdServer.start(Map.of(), "--workers", "2");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      prod.await("two workers ready", WAIT, () -> metric(prod, "carafe_workers", "ready") == 2);
      java.net.http.HttpResponse<String> scrape = prod.metrics();
      assertEquals(200, scrape.statusCode());
      assertEquals(
          Optional.of("text/plain; version=0.0.4; charset=utf-8"),
          scrape.headers().firstValue("Content-Type"));
      for (int worker : List.of(1, 2)) {
        assertTrue(
            scrape.body().contains("jvm_threads_live_threads{worker=\"" + worker + "\"}"),
            scrape.body());
        // The demo's factory opens its connection pool, which registers gauges: the worker's
        // registry was there before them, so Micrometer has nothing to warn of.
        assertTrue(
            scrape
                .body()
                .contains(
                    "hikaricp_connections_max{pool=\"carafe-database\",worker=\"" + worker + "\"}"),
            scrape.body());
      }
      assertFalse(
          prod.script.output().contains("A MeterRegistry is being added"), prod.script.output());
      String[] hello = {"endpoint=\"api.hello\"", "method=\"GET\"", "status=\"200\""};
      double before = prod.sum("http_server_requests_seconds_count", hello);
      for (int i = 0; i < 20; i++) {
        assertEquals(200, client.get("/api/hello?n=" + i).asString().getStatus());
      }
      prod.await(
          "20 more requests of api.hello",
          WAIT,
          () -> metric(prod, "http_server_requests_seconds_count", hello) == before + 20);
      assertFalse(prod.metrics().body().contains("/api/hello"), "a path became a label");
    }
  }

  /** A counter or gauge of the master's scrape, summed over its series with these labels. */
  private static double metric(ProdServer prod, String name, String... labels) {
    try {
      return prod.sum(name, labels);
    } catch (IOException e) {
      return -1; // the master is not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Test
  void rollingReloadUnderLoadLosesNothingAndReplacesEveryWorker() throws Exception {
    try (ProdServer prod = ProdServer.start(Map.of(), "--workers", "2")) {
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      Set<Long> before = new HashSet<>(prod.workers());
      Load load = Load.start(prod.url(""), "/api/hello", 4, 2_000_000, Duration.ofSeconds(120));
      try (load) {
        Thread.sleep(500);
        prod.signalMaster("HUP");
        prod.await(
            "every worker replaced",
            WAIT,
            () -> {
              List<Long> now = prod.workersQuietly();
              return now.size() == 2 && now.stream().noneMatch(before::contains);
            });
        Thread.sleep(500);
      }
      assertEquals(List.of(), load.failures());
      assertTrue(load.succeeded() > 100, "succeeded: " + load.succeeded());
    }
  }

  /**
   * JDK 25+ (run-prod.sh picks the newest JDK): once the pool serves, a recorder writes the build's
   * AOT cache, later workers start from it, and a cache the JVM refuses is removed and recorded
   * again.
   */
  @Test
  void aRecorderWritesTheBuildsAotCacheAndLaterWorkersStartFromIt(@TempDir Path cache)
      throws Exception {
    try (ProdServer prod = ProdServer.start(recording(cache, Map.of()), "--workers", "1")) {
      assumeTrue(jdkOf(prod) >= 25, "the workers run on a JDK before 25");
      // The recorder moves the cache into place, then says so: wait for both.
      prod.await(
          "the recorded cache",
          WAIT,
          () ->
              aotFiles(cache).size() == 1
                  && prod.script.output().contains("Worker 2 recorded the AOT cache"));
      Path file = aotFiles(cache).get(0);
      String output = prod.script.output();
      assertTrue(output.contains("Recording the AOT cache of generation 1 in worker 2"), output);
      assertFalse(output.contains("Worker 2 serving"), "a recorder never serves: " + output);

      // The recorder writes down the rate its warm-up ended at; a worker that starts from the
      // cache warms up until it reaches a share of it (or warmup_time), not for a fixed count.
      assertTrue(Files.isRegularFile(Path.of(file + ".rate")), "the recorder's rate");
      assertFalse(warmedUpToATarget(output), "a worker without a cache has no target: " + output);
      reload(prod, 3);
      assertTrue(
          prod.script.output().contains("Worker 3 started from the AOT cache"),
          prod.script.output());
      assertTrue(warmedUpToATarget(prod.script.output()), prod.script.output());

      // A cache the JVM cannot use (a JDK updated in place, a damaged file): the next worker
      // says so and removes it, and a new recorder writes a good one. Replaced, never rewritten:
      // workers map the file.
      Path damaged = Files.write(cache.resolve("damaged"), new byte[4096]);
      Files.move(damaged, file, StandardCopyOption.REPLACE_EXISTING);
      reload(prod, 4);
      assertTrue(
          prod.script.output().contains("Worker 4: the JVM did not take the AOT cache"),
          prod.script.output());
      prod.await(
          "a second recording",
          WAIT,
          () -> prod.script.output().contains("Worker 5 recorded the AOT cache"));
      assertTrue(Files.size(file) > 4096);
      try (UnirestInstance client = CarafeTest.client(prod.url(""))) {
        assertEquals(200, client.get("/api/hello").asString().getStatus());
      }
    }
  }

  /**
   * A server stopped while its recorder runs takes the recorder's files with it: a cache is 40-50
   * MB, and one left at every interrupted start would fill the disk.
   */
  @Test
  void aServerStoppedWhileItRecordsLeavesNothingInTheCacheFolder(@TempDir Path cache)
      throws Exception {
    ProdServer prod =
        ProdServer.start(recording(cache, Map.of("CARAFE_WARMUP_TIME", "120")), "--workers", "1");
    try (prod) {
      assumeTrue(jdkOf(prod) >= 25, "the workers run on a JDK before 25");
      // The recorder's JVM writes its configuration file as soon as it starts.
      prod.await("the recorder's first file", WAIT, () -> !filesIn(cache).isEmpty());
      prod.signalMaster("TERM");
      assertTrue(
          prod.script.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS),
          "the master did not stop: " + prod.script.output());
      assertEquals(List.of(), filesIn(cache), prod.script.output());
    }
  }

  private static List<Path> filesIn(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The demo alone, recording its AOT cache into {@code cache}; {@code more} on top. */
  private static Map<String, String> recording(Path cache, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("CARAFE_AOT_CACHE", cache.toString());
    env.put("CARAFE_CLASSPATH", "");
    // The recorder measures its rate over 300 ms of requests at the least; the 300 requests the
    // other tests warm up with can be done sooner, and then there is no rate to write.
    env.put("CARAFE_WARMUP_REQUESTS", "1000000");
    return env;
  }

  private static void reload(ProdServer prod, int worker) throws Exception {
    prod.signalMaster("HUP");
    prod.await(
        "worker " + worker + " serving",
        WAIT,
        () -> prod.script.output().contains("Worker " + worker + " serving"));
  }

  /** Whether a worker's "Warmed up with ..." line names the rate it aimed at. */
  private static boolean warmedUpToATarget(String output) {
    return output.contains(", the target ") || output.contains(", short of the target ");
  }

  private static List<Path> aotFiles(Path folder) {
    return filesIn(folder).stream().filter(f -> f.toString().endsWith(".aot")).toList();
  }

  /** The feature version of the JDK the workers run on. */
  private static int jdkOf(ProdServer prod) throws IOException {
    String java = ProcessHandle.of(prod.workers().get(0)).orElseThrow().info().command().orElse("");
    Path release = Path.of(java).getParent().getParent().resolve("release");
    Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
    return version.find() ? Integer.parseInt(version.group(1)) : 0;
  }

  @Test
  void killedWorkerIsReplacedAndCountedAsARestart() throws Exception {
    try (ProdServer prod = ProdServer.start(Map.of(), "--workers", "2")) {
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      String died = "reason=\"died\"";
      assertEquals(0, prod.sum("carafe_worker_restarts_total", died), prod.metrics().body());
      long victim = prod.workers().get(0);
      Launched.kill("KILL", victim);
      prod.await(
          "a replacement",
          WAIT,
          () -> {
            List<Long> now = prod.workersQuietly();
            return now.size() == 2 && !now.contains(victim);
          });
      prod.script.awaitHttp(prod.url("/api/hello"), 200, WAIT);
      prod.await(
          "the restart counted",
          WAIT,
          () -> metric(prod, "carafe_worker_restarts_total", died) == 1);
    }
  }

  @Test
  void hungWorkerIsKilledAndReplaced() throws Exception {
    try (ProdServer prod =
        ProdServer.start(Map.of(), "--workers", "2", "--timeout", "3", "--request-timeout", "2")) {
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      long victim = prod.workers().get(0);
      Launched.kill("STOP", victim);
      prod.await(
          "the frozen worker replaced",
          WAIT,
          () -> {
            List<Long> now = prod.workersQuietly();
            return now.size() == 2 && !now.contains(victim);
          });
      prod.script.awaitLines("(pid " + victim + ", generation 1) sent no heartbeat", 1, WAIT);
    }
  }

  @Test
  void termFinishesInFlightRequestsAndExitsZero() throws Exception {
    try (ProdServer prod =
            ProdServer.start(Map.of(), "--app", TestApps.Slow.class.getName(), "--workers", "1");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      CompletableFuture<HttpResponse<String>> slow =
          CompletableFuture.supplyAsync(() -> client.get("/slow?ms=2500").asString());
      Thread.sleep(800);
      prod.signalMaster("TERM");
      HttpResponse<String> response = slow.get();
      assertEquals(200, response.getStatus());
      assertEquals("slow done", response.getBody());
      assertEquals(0, prod.script.awaitExit(WAIT), prod.script.output());
      assertFalse(Files.exists(prod.pidFile), "the master removes its pid file");
    }
  }

  @Test
  void quitPrintsTheMastersThreadDumpAndEveryoneKeepsServing() throws Exception {
    try (ProdServer prod = ProdServer.start(Map.of(), "--workers", "2");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      Set<Long> workers = new HashSet<>(prod.workers());
      prod.signalMaster("QUIT");
      // The JVM's own dump, with the master's loop in it: the master's, not a worker's.
      prod.await(
          "the master's thread dump",
          WAIT,
          () ->
              prod.script.output().contains("Full thread dump")
                  && prod.script.output().contains("dev.carafe.prod.Arbiter.loop"));
      // A worker's dump reaches the log too (its standard output is the pipe to the master).
      Launched.kill("QUIT", workers.iterator().next());
      prod.await(
          "a worker's thread dump",
          WAIT,
          () -> prod.script.output().contains("dev.carafe.prod.Worker.serve"));
      for (int i = 0; i < 20; i++) {
        assertEquals(200, client.get("/api/hello").asString().getStatus());
      }
      assertTrue(prod.script.process().isAlive(), prod.script.output());
      assertTrue(prod.workers().containsAll(workers), "the same workers serve");
      assertFalse(prod.script.output().contains("Stopping fast"), prod.script.output());
    }
  }

  @Test
  void intStopsTheMasterFast() throws Exception {
    try (ProdServer prod = ProdServer.start(Map.of(), "--workers", "1")) {
      List<Long> workers = prod.workers();
      prod.signalMaster("INT");
      assertEquals(0, prod.script.awaitExit(WAIT), prod.script.output());
      assertTrue(prod.script.output().contains("Stopping fast"), prod.script.output());
      assertTrue(
          workers.stream().noneMatch(pid -> ProcessHandle.of(pid).isPresent()),
          "no worker outlives the master");
    }
  }

  @Test
  void ttinAddsAWorkerAndTtouRemovesOne() throws Exception {
    try (ProdServer prod = ProdServer.start(Map.of(), "--workers", "1")) {
      prod.await("one worker", WAIT, () -> prod.workersQuietly().size() == 1);
      prod.signalMaster("TTIN");
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      prod.signalMaster("TTOU");
      prod.await("one worker again", WAIT, () -> prod.workersQuietly().size() == 1);
    }
  }

  @Test
  void workerThatCannotBootStopsTheMaster() throws Exception {
    try (ProdServer prod =
        ProdServer.launch(
            Map.of(), "--app", TestApps.CannotBoot.class.getName(), "--workers", "2")) {
      int code = prod.script.awaitExit(WAIT);
      assertEquals(4, code, prod.script.output());
      assertTrue(
          prod.script.output().contains("the database is unreachable"), prod.script.output());
      assertTrue(prod.script.output().contains("The app cannot boot"), prod.script.output());
    }
  }

  @Test
  void maxRequestsRecyclesWorkersUnderLoadWithoutLosingRequests() throws Exception {
    try (ProdServer prod =
        ProdServer.start(
            Map.of(), "--workers", "2", "--max-requests", "400", "--max-requests-jitter", "50")) {
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      Set<Long> seen = new HashSet<>(prod.workers());
      Load load = Load.start(prod.url(""), "/api/hello", 4, 50_000, Duration.ofSeconds(120));
      try (load) {
        prod.await(
            "a recycled worker",
            WAIT,
            () -> {
              // Keep-alive connections stay with the worker the kernel gave them to, so one
              // worker may take most of the load; one replacement proves the recycling.
              seen.addAll(prod.workersQuietly());
              return seen.size() >= 3 && prod.script.output().contains("exited with code 0");
            });
      }
      assertEquals(List.of(), load.failures());
    }
  }

  @Test
  void unixSocketBindServesOverTheSocket() throws Exception {
    Path socket = Files.createTempDirectory("carafe-sock").resolve("app.sock");
    try (ProdServer prod =
        ProdServer.launch(Map.of(), "--workers", "2", "--bind", "unix:" + socket)) {
      prod.await(
          "the socket",
          WAIT,
          () -> Files.exists(socket) && curlSocket(socket, "/api/hello").contains("Hello, World!"));
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      // A proxy on the same host is trusted: the app sees the client it names.
      String whoami = curlSocket(socket, "/api/whoami", "-H", "X-Forwarded-For: 203.0.113.7");
      assertTrue(whoami.contains("\"ip\":\"203.0.113.7\""), whoami);
    }
  }

  /**
   * With {@code log_format=text}, the timeout's warning and the view's own lines carry the
   * request's id in brackets before their message.
   */
  @Test
  void aRequestPastTheRequestTimeoutIsAnswered503AndEveryLineOfItCarriesItsId() throws Exception {
    try (ProdServer prod =
            ProdServer.start(
                Map.of("CARAFE_LOG_FORMAT", "text"),
                "--app",
                TestApps.Slow.class.getName(),
                "--workers",
                "1",
                "--request-timeout",
                "1");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      assertEquals(
          503,
          client
              .get("/slow?ms=5000&log=yes")
              .header("X-Request-Id", "it-slow-1")
              .asString()
              .getStatus());
      assertEquals(200, client.get("/slow?ms=10").asString().getStatus());
      prod.await(
          "the view's line after its sleep",
          WAIT,
          () -> prod.script.output().contains("[it-slow-1] slow done after 5000 ms"));
      assertTrue(
          prod.script
              .output()
              .contains("[it-slow-1] Request GET /slow ran past the request timeout"),
          prod.script.output());
      // The app's own meter (app.metrics()), served with the worker's label.
      assertEquals(2, prod.sum("slow_requests_total", "worker=\"1\""), prod.metrics().body());
    }
  }

  private static String curlSocket(Path socket, String path, String... options) {
    try {
      List<String> command =
          new java.util.ArrayList<>(List.of("curl", "-s", "--unix-socket", socket.toString()));
      command.addAll(List.of(options));
      command.add("http://localhost" + path);
      Process curl = new ProcessBuilder(command).start();
      curl.waitFor();
      return new String(curl.getInputStream().readAllBytes());
    } catch (Exception e) {
      return "";
    }
  }

  @Test
  void slowlorisConnectionsAreClosedWhileOthersAreServed() throws Exception {
    try (ProdServer prod =
            ProdServer.start(Map.of("CARAFE_HEADER_TIMEOUT", "2"), "--workers", "1");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      List<Socket> slowloris = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Socket socket = new Socket("127.0.0.1", prod.port);
        socket.getOutputStream().write("GET /api/hello HTTP/1.1\r\nHost: x\r\n".getBytes());
        slowloris.add(socket);
      }
      // One header line a second: each byte would restart an idle timeout, never this one.
      for (int second = 0;
          second < 6 && slowloris.stream().anyMatch(s -> !s.isClosed());
          second++) {
        assertEquals(200, client.get("/api/hello").asString().getStatus());
        for (Socket socket : slowloris) {
          try {
            socket.getOutputStream().write(("X-Trickle-" + second + ": 1\r\n").getBytes());
          } catch (IOException closedByTheServer) {
            socket.close();
          }
        }
        Thread.sleep(1000);
      }
      for (Socket socket : slowloris) {
        if (!socket.isClosed()) {
          socket.setSoTimeout(5000);
          try (socket) {
            assertEquals(-1, socket.getInputStream().read(), "a slowloris connection was answered");
          } catch (SocketException reset) {
            // closed by the server as well
          }
        }
      }
      assertTrue(
          prod.script.output().contains("sent no complete request headers"), prod.script.output());
    }
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
    try (ProdServer prod =
            ProdServer.start(Map.of(), "--workers", "1", "--forwarded-allow-ips", "10.0.0.0/8");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      String body =
          client
              .get("/api/whoami")
              .header("X-Forwarded-For", "203.0.113.9")
              .header("X-Forwarded-Proto", "https")
              .asString()
              .getBody();
      assertTrue(body.contains("\"ip\":\"127.0.0.1\""), body);
      assertTrue(body.contains("\"scheme\":\"http\""), body);
    }
  }

  @Test
  void accessLogWritesOneJsonLinePerRequestAndAViewsJsonLinesCarryItsId() throws Exception {
    try (ProdServer prod =
            ProdServer.start(Map.of(), "--app", TestApps.Slow.class.getName(), "--workers", "1");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      String id =
          client.get("/api/hello?from=test").asString().getHeaders().getFirst("X-Request-Id");
      client.get("/slow?ms=1&log=yes").header("X-Request-Id", "it-json-1").asString();
      prod.await(
          "the view's JSON line",
          WAIT,
          () ->
              prod.script
                  .output()
                  .lines()
                  .anyMatch(
                      l ->
                          l.contains("\"mdc\": {\"request_id\":\"it-json-1\"}")
                              && l.contains("\"formattedMessage\":\"slow done after 1 ms\"")));
      prod.await(
          "the access log line",
          WAIT,
          () ->
              prod.script
                  .output()
                  .lines()
                  .anyMatch(
                      l ->
                          l.startsWith("{\"time\"")
                              && l.contains("\"path\":\"/api/hello\"")
                              && l.contains("\"request_id\":\"" + id + "\"")
                              && l.contains("\"status\":200")));
    }
  }

  @Test
  void missingSecretKeyRefusesToStart() throws Exception {
    try (ProdServer prod = ProdServer.launch(Map.of("CARAFE_SECRET_KEY", ""), "--workers", "1")) {
      assertEquals(2, prod.script.awaitExit(WAIT));
      assertTrue(
          prod.script.output().contains("Refusing to start in production"), prod.script.output());
    }
  }
}
