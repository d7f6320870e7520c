package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.test.CarafeTest;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped single-host upstream retries what is safe to retry: a request that meets a dying
 * worker goes once more to the same address (where the kernel would pick a live worker), unless
 * resending it could run it twice.
 */
class RetryIT {
  private DyingUpstream upstream;
  private Nginx nginx;
  private UnirestInstance client;

  @BeforeEach
  void start() throws Exception {
    upstream = DyingUpstream.start();
    nginx = Nginx.builder().app(upstream.address()).start();
    client = CarafeTest.client(nginx.url());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    nginx.close();
    upstream.close();
  }

  @Test
  void aGetThatMeetsADyingWorkerIsRetriedAndSucceeds() {
    upstream.dieOnNext(1);

    HttpResponse<String> reply = client.get("/api/hello").asString();

    assertEquals(200, reply.getStatus(), nginx.diagnostics());
    assertEquals("ok", reply.getBody());
    assertEquals(2, upstream.requestsReceived(), "the dead attempt, then the retry");
  }

  @Test
  void aPostThatMeetsADyingWorkerIsNotSentTwice() {
    upstream.dieOnNext(1);

    HttpResponse<String> reply = client.post("/api/orders").body("{\"item\":1}").asString();

    assertEquals(502, reply.getStatus(), nginx.diagnostics());
    assertEquals(1, upstream.requestsReceived(), "a POST that reached the app is never resent");
  }

  @Test
  void aRestartingAppIsNotMarkedDown() {
    upstream.dieOnNext(8); // all four attempts of two requests die, as while the app restarts

    int first = client.get("/api/hello").asString().getStatus();
    int second = client.get("/api/hello").asString().getStatus();
    HttpResponse<String> back = client.get("/api/hello").asString();

    assertEquals(502, first);
    assertEquals(502, second);
    assertEquals(
        200, back.getStatus(), "served as soon as the app is back\n" + nginx.diagnostics());
  }
}
