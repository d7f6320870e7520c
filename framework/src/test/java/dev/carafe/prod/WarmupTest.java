package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** The warm-up client against a real Jetty, with answers of known length and chunked ones. */
class WarmupTest {
  @Test
  void everyRequestIsSentWhetherTheAnswerHasALengthOrChunks() throws Exception {
    Map<String, Integer> served = warmUp(List.of("/page", "/small"));
    assertEquals(2 + 200, served.values().stream().mapToInt(Integer::intValue).sum());
    assertTrue(served.get("/page") > 1, "a probe, then warm-up requests: " + served);
    assertTrue(served.get("/small") > 1, "a probe, then warm-up requests: " + served);
  }

  @Test
  void eachPathGetsAnEqualShareOfTheTimeNotOfTheRequests() throws Exception {
    Map<String, Integer> served = warmUp(List.of("/slow", "/small"));
    assertTrue(served.get("/small") > 5 * served.get("/slow"), served.toString());
  }

  @Test
  void aPathThatFailsItsProbeIsLeftOutAndTheOthersAreWarmed() throws Exception {
    Map<String, Integer> served = warmUp(List.of("/missing", "/small", "/broken"));
    assertEquals(1, served.get("/missing"));
    assertEquals(1, served.get("/broken"));
    assertEquals(1 + 200, served.get("/small"));
  }

  @Test
  void theWarmUpEndsOnceItsRateReachesItsTarget() throws Exception {
    // A target any server meets: the warm-up stops long before its million requests or minute.
    Warmup.Plan plan = new Warmup.Plan(1_000_000, Duration.ofMinutes(1), 1);
    Map<String, Integer> served = new ConcurrentHashMap<>();
    Warmup.Result result = warmUp(List.of("/small"), plan, served);
    assertTrue(result.targetMet(), result.toString());
    assertTrue(result.rate() >= 1, result.toString());
    assertTrue(served.get("/small") < 100_000, served.toString());
    assertEquals(served.get("/small") - 1, result.requests(), "a probe, then warm-up requests");
  }

  @Test
  void withoutATargetTheWarmUpSendsEveryRequestItMay() throws Exception {
    Map<String, Integer> served = new ConcurrentHashMap<>();
    Warmup.Result result =
        warmUp(List.of("/small"), new Warmup.Plan(2_000, Duration.ofMinutes(1), 0), served);
    assertFalse(result.targetMet());
    assertEquals(2_000, result.requests());
    assertEquals(1 + 2_000, served.get("/small"));
  }

  @Test
  void aWorkerPastItsBootBudgetMakesEachPathsFirstRequestAndNoMore() throws Exception {
    Map<String, Integer> served = new ConcurrentHashMap<>();
    Warmup.Plan late = new Warmup.Plan(2_000, Duration.ofMinutes(1), 0, Instant.now());
    Warmup.Result result = warmUp(List.of("/page", "/small"), late, served);
    assertEquals(0, result.requests(), result.toString());
    assertEquals(Map.of("/page", 1, "/small", 1), served);
  }

  /** Warms a real Jetty with 200 requests over these paths; returns the requests per path. */
  private static Map<String, Integer> warmUp(List<String> paths) throws Exception {
    Map<String, Integer> served = new ConcurrentHashMap<>();
    warmUp(paths, new Warmup.Plan(200, Duration.ofSeconds(30), 0), served);
    return served;
  }

  /** Warms a real Jetty as {@code plan} says, counting the requests per path in {@code served}. */
  private static Warmup.Result warmUp(
      List<String> paths, Warmup.Plan plan, Map<String, Integer> served) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            served.merge(path, 1, Integer::sum);
            switch (path) {
              case "/slow" -> {
                sleep(50);
                response.write(true, ByteBuffer.wrap(new byte[0]), callback);
              }
              case "/page" ->
                  // Two writes without a length: Jetty sends chunks, as for a long rendered page.
                  response.write(
                      false,
                      ByteBuffer.wrap("x".repeat(40_000).getBytes()),
                      Callback.from(
                          () -> response.write(true, ByteBuffer.wrap(new byte[10]), callback)));
              case "/broken" -> callback.failed(new IllegalStateException("the view broke"));
              default -> {
                response.setStatus(path.equals("/missing") ? 404 : 200);
                response.getHeaders().put("Content-Length", 2);
                response.write(true, ByteBuffer.wrap("ok".getBytes()), callback);
              }
            }
            return true;
          }
        });
    server.start();
    try {
      return Warmup.run(connector.getLocalPort(), paths, plan);
    } finally {
      server.stop();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
