package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
    AtomicInteger served = new AtomicInteger();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            served.incrementAndGet();
            if (Request.getPathInContext(request).equals("/page")) {
              // Two writes without a length: Jetty sends chunks, as for a long rendered page.
              response.write(
                  false,
                  ByteBuffer.wrap("x".repeat(40_000).getBytes()),
                  Callback.from(
                      () -> response.write(true, ByteBuffer.wrap(new byte[10]), callback)));
            } else {
              response.getHeaders().put("Content-Length", 2);
              response.write(true, ByteBuffer.wrap("ok".getBytes()), callback);
            }
            return true;
          }
        });
    server.start();
    try {
      Warmup.run(connector.getLocalPort(), List.of("/page", "/small"), 200, Duration.ofSeconds(30));
    } finally {
      server.stop();
    }
    assertEquals(2 + 200, served.get(), "a probe per path, then every warm-up request");
  }
}
