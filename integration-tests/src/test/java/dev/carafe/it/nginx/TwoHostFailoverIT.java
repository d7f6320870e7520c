package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.it.Launched;
import dev.carafe.it.Load;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;

/**
 * Scaling out: one nginx in front of the app on two hosts (two network namespaces). Losing a host
 * under load loses no request: what was in flight there, and what would have gone there, is served
 * by the other host.
 */
class TwoHostFailoverIT {
  private static final int APP_PORT = 8000;

  @Test
  void stoppingOneHostsAppUnderLoadFailsNoRequest() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    try (NetworkNamespace hostA = createOrSkip();
        NetworkNamespace hostB = NetworkNamespace.create();
        Launched appA = startApp(hostA);
        Launched appB = startApp(hostB)) {
      appA.awaitHttp(healthz(hostA), 200, Duration.ofMinutes(2));
      appB.awaitHttp(healthz(hostB), 200, Duration.ofMinutes(2));
      String a = hostA.address() + ":" + APP_PORT;
      String b = hostB.address() + ":" + APP_PORT;

      try (Nginx nginx = Nginx.builder().hosts(a, b).start();
          UnirestInstance client = CarafeTest.client(nginx.url())) {
        String whoami = client.get("/api/whoami").asString().getBody();
        assertTrue(whoami.contains("\"ip\":\"127.0.0.1\""), "the client, not nginx: " + whoami);

        Load load = Load.start(nginx.url(), "/api/hello", 4, 20_000, Duration.ofSeconds(90));
        try (load) {
          assertTrue(load.awaitSucceeded(400), "load before the loss: " + load.failures());
          appA.signal("KILL");
          appA.awaitExit(Duration.ofSeconds(30));
          int atLoss = load.succeeded();
          assertTrue(load.awaitSucceeded(atLoss + 400), "load after the loss: " + load.failures());
        }

        assertEquals(List.of(), load.failures(), nginx.diagnostics());
        String log = nginx.accessLog();
        assertTrue(log.contains("upstream=" + a), "host A served before it was lost");
        assertTrue(log.contains("upstream=" + b), "host B served");
      }
    }
  }

  /** A namespace; skips the test where the kernel does not let this root make one (a container). */
  private static NetworkNamespace createOrSkip() throws Exception {
    try {
      return NetworkNamespace.create();
    } catch (IOException e) {
      assumeTrue(
          !String.valueOf(e.getMessage()).contains("Operation not permitted"),
          "no network namespaces here: " + e.getMessage());
      throw e;
    }
  }

  private static Launched startApp(NetworkNamespace host) throws Exception {
    // The app trusts X-Forwarded-* from the nginx host only, as its address reaches the app.
    return DemoAppProcess.start(
        host.exec(),
        host.address(),
        APP_PORT,
        Map.of("CARAFE_FORWARDED_ALLOW_IPS", host.hostAddress()));
  }

  private static String healthz(NetworkNamespace host) {
    return "http://" + host.address() + ":" + APP_PORT + "/healthz";
  }
}
