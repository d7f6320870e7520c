package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProdConfigTest {
  private static ProdConfig from(Map<String, String> environment) {
    return ProdConfig.from(Config.load(Optional.empty(), environment, Map.of()));
  }

  @Test
  void defaultsServeLoopbackPort8000() {
    ProdConfig settings = from(Map.of());
    assertEquals("127.0.0.1:8000", settings.bind().toString());
    assertEquals(ProdConfig.DEFAULT_WORKERS, settings.workers());
    assertEquals(Duration.ofSeconds(75), settings.idleTimeout());
    assertEquals(List.of("/healthz"), settings.warmupPathsFor(Carafe.create(Config.defaults())));
    assertTrue(settings.accessLog());
    assertFalse(settings.gzip());
    assertFalse(settings.threads().virtual());
    assertTrue(settings.threads().max() >= 8, settings.threads().toString());
  }

  @Test
  void aRequestGetsLessTimeThanAWorkersPoolMayGoWithoutFinishingOne() {
    ProdConfig settings = from(Map.of());
    assertTrue(
        settings.requestTimeout().compareTo(settings.timeout()) < 0,
        settings.requestTimeout() + " vs " + settings.timeout());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> from(Map.of("CARAFE_TIMEOUT", "10", "CARAFE_REQUEST_TIMEOUT", "10")));
    assertTrue(
        e.getMessage().startsWith("request_timeout (10 s) must be shorter than timeout (10 s)"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("Lower --request-timeout or raise --timeout."));
    assertEquals(
        Duration.ofMillis(9500),
        from(Map.of("CARAFE_TIMEOUT", "10", "CARAFE_REQUEST_TIMEOUT", "9.5")).requestTimeout());
  }

  @Test
  void theHeapInTheLogIsTheWorkersMaximum() {
    assertEquals("256m", from(Map.of()).heap());
    assertEquals(
        "1g", from(Map.of("CARAFE_WORKER_JVM_OPTIONS", "-Xmx64m -XX:MaxHeapSize=1g")).heap());
    assertEquals("JVM default", from(Map.of("CARAFE_WORKER_JVM_OPTIONS", "-Xss1m")).heap());
  }

  @Test
  void warmUpFetchesTheAppsPagesUnlessTheSettingNamesOthers() {
    Carafe app = Carafe.create(Config.defaults());
    app.warmUp("/", "/api/hello");
    assertEquals(List.of("/", "/api/hello"), from(Map.of()).warmupPathsFor(app));
    assertEquals(
        List.of("/ping"), from(Map.of("CARAFE_WARMUP_PATHS", "/ping")).warmupPathsFor(app));
    assertThrows(IllegalArgumentException.class, () -> app.warmUp("api/hello"));
  }

  @Test
  void aWorkerWarmsUpForSecondsNotForEverAndTheSettingSaysHowLong() {
    assertEquals(Duration.ofMillis(1500), from(Map.of()).warmupTime());
    assertEquals(Duration.ofMillis(500), from(Map.of("CARAFE_WARMUP_TIME", "0.5")).warmupTime());
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> from(Map.of("CARAFE_WARMUP_TIME", "-1")));
    assertTrue(
        e.getMessage().startsWith("warmup_time must be a number of seconds"), e.getMessage());
  }

  @Test
  void environmentVariablesSetEveryKey() {
    ProdConfig settings =
        from(
            Map.of(
                "CARAFE_WORKERS", "4",
                "CARAFE_MAX_REQUESTS", "1000",
                "CARAFE_MAX_REQUESTS_JITTER", "50",
                "CARAFE_REQUEST_TIMEOUT", "2.5",
                "CARAFE_ACCESS_LOG", "false",
                "CARAFE_GZIP", "true",
                "CARAFE_THREADS", "12"));
    assertEquals(4, settings.workers());
    assertEquals(1000, settings.maxRequests());
    assertEquals(50, settings.maxRequestsJitter());
    assertEquals(Duration.ofMillis(2500), settings.requestTimeout());
    assertFalse(settings.accessLog());
    assertTrue(settings.gzip());
    assertEquals("12", settings.threads().toString());
  }

  @Test
  void nginxListensWhereNginxBindSaysAndOnlyOnTcp() {
    assertEquals(Optional.empty(), from(Map.of()).nginxBind());
    assertEquals(
        "127.0.0.1:18280",
        from(Map.of("CARAFE_NGINX_BIND", "127.0.0.1:18280")).nginxBind().orElseThrow().toString());
    for (String wrong : List.of("unix:run/nginx.sock", "8080", "127.0.0.1:0", "localhost:http")) {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> from(Map.of("CARAFE_NGINX_BIND", wrong)));
      assertTrue(e.getMessage().startsWith("nginx_bind: expected HOST:PORT"), e.getMessage());
    }
  }

  @Test
  void theMasterServesMetricsOnLoopbackUnlessTurnedOff() {
    assertEquals(Optional.of(Bind.parse("127.0.0.1:9464")), from(Map.of()).metricsBind());
    assertEquals(
        Optional.of(Bind.parse("10.0.0.5:9100")),
        from(Map.of("CARAFE_METRICS_BIND", "10.0.0.5:9100")).metricsBind());
    assertEquals(Optional.empty(), from(Map.of("CARAFE_METRICS_BIND", "off")).metricsBind());
    for (String wrong : List.of("unix:/run/metrics.sock", "9100", "localhost:0")) {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> from(Map.of("CARAFE_METRICS_BIND", wrong)),
              wrong);
      assertEquals(
          "metrics_bind: expected HOST:PORT or off, got '" + wrong + "' (e.g. 127.0.0.1:9464).",
          e.getMessage());
    }
  }

  @Test
  void zeroWorkersIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> from(Map.of("CARAFE_WORKERS", "0")));
  }

  @Test
  void threadsMustBeANumberOrVirtual() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> from(Map.of("CARAFE_THREADS", "many")));
    assertTrue(e.getMessage().contains("virtual"), e.getMessage());
  }

  @Test
  void virtualThreadsBeforeJdk21AreRefusedWithTheFix() {
    assumeTrue(Runtime.version().feature() < 21);
    var e = assertThrows(IllegalArgumentException.class, () -> ProdConfig.Threads.parse("virtual"));
    assertTrue(e.getMessage().contains("JDK 21"), e.getMessage());
  }

  @Test
  void virtualThreadsOnJdk21AndNewer() {
    assumeTrue(Runtime.version().feature() >= 21);
    assertTrue(ProdConfig.Threads.parse("virtual").virtual());
  }
}
