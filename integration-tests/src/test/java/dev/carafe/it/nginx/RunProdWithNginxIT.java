package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.it.Launched;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./run-prod.sh --with-nginx} as a deployer runs it: the packaged demo's nginx on
 * 127.0.0.1:8080 in front of the app on 127.0.0.1:8000. Runs once run-prod.sh exists and both ports
 * are free.
 */
class RunProdWithNginxIT {
  private static final String NGINX = "http://127.0.0.1:8080";

  private Path pidFile;
  private Launched prod;

  @BeforeEach
  void startWithNginx() throws Exception {
    Path repo = Launched.repo();
    assumeTrue(Files.exists(repo.resolve("run-prod.sh")), "run-prod.sh is not there yet");
    assumeTrue(isFree(8000) && isFree(8080), "the shipped ports 8000 and 8080 are in use");
    pidFile = Files.createTempFile("carafe-master-", ".pid");
    Files.delete(pidFile);
    prod =
        Launched.start(
            repo,
            Map.of("CARAFE_SECRET_KEY", UUID.randomUUID() + "-" + UUID.randomUUID()),
            "./run-prod.sh",
            "--with-nginx",
            "--pid",
            pidFile.toString());
    prod.awaitHttp(NGINX + "/api/hello", 200, Duration.ofMinutes(3));
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (prod == null) {
      return; // skipped: nothing was started
    }
    prod.close();
    // Whatever the test left running, nginx included, goes.
    Path home = Launched.repo().resolve("demo-app/target/carafe-demo");
    if (Files.exists(home.resolve("run/nginx.pid"))) {
      new ProcessBuilder(
              "nginx",
              "-p",
              home + "/",
              "-c",
              home.resolve("run/nginx/nginx.conf").toString(),
              "-s",
              "quit")
          .inheritIO()
          .start()
          .waitFor();
    }
    if (pidFile != null) {
      Files.deleteIfExists(pidFile);
    }
  }

  @Test
  void termStopsTheAppAndNginxTogether() throws Exception {
    try (UnirestInstance client = CarafeTest.client(NGINX)) {
      assertEquals(200, client.get("/static/app.css").asString().getStatus());
      assertTrue(client.get("/api/whoami").asString().getBody().contains("\"ip\":\"127.0.0.1\""));
    }

    prod.signal("TERM");
    prod.awaitExit(Duration.ofMinutes(1));

    awaitClosed(8080);
    awaitClosed(8000);
  }

  @Test
  void nginxOutlivesADeadMasterAndShowsTheFriendlyPage() throws Exception {
    long master = Long.parseLong(Files.readString(pidFile).trim());
    Launched.kill("KILL", master);
    ProcessHandle.of(master).ifPresent(p -> p.onExit().join());

    try (UnirestInstance client = CarafeTest.client(NGINX)) {
      assertEquals(200, client.get("/static/app.css").asString().getStatus());
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      int status;
      do {
        status = client.get("/api/hello").asString().getStatus();
      } while (status != 502 && System.nanoTime() < deadline && pause());
      assertEquals(502, status, "the workers outlived their master\n" + prod.output());
      String page = client.get("/api/hello").asString().getBody();
      assertTrue(page.contains("Back in a moment"), page);
    }
  }

  private static boolean pause() throws InterruptedException {
    Thread.sleep(200);
    return true;
  }

  private static boolean isFree(int port) {
    try {
      new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitClosed(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        Thread.sleep(100);
      } catch (IOException refused) {
        return;
      }
    }
    assertThrows(
        IOException.class,
        () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
        "port " + port + " still open");
  }
}
