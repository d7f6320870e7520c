package dev.carafe.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class CarafeTestTest {
  @Test
  void startsOnAFreePortAndStopsAfterTheBody() throws Exception {
    Carafe app = Carafe.create(Config.defaults());
    app.get("/", req -> "hi");
    int[] port = new int[1];
    CarafeTest.test(
        app,
        (server, client) -> {
          port[0] = server.port();
          assertTrue(server.port() > 0);
          assertEquals("hi", client.get("/").asString().getBody());
          assertEquals("http://127.0.0.1:" + server.port() + "/x", server.url("/x"));
        });
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port[0]).close());
  }

  @Test
  void failuresInTheBodyPropagateAndTheServerStillStops() {
    Carafe app = Carafe.create(Config.defaults());
    assertThrows(
        AssertionError.class,
        () ->
            CarafeTest.test(
                app,
                (server, client) -> {
                  throw new AssertionError("boom");
                }));
    assertThrows(IllegalStateException.class, app::port);
  }

  @Test
  void clientDoesNotFollowRedirects() throws Exception {
    Carafe app = Carafe.create(Config.defaults());
    app.get("/a/", req -> "");
    CarafeTest.test(
        app, (server, client) -> assertEquals(308, client.get("/a").asString().getStatus()));
  }
}
