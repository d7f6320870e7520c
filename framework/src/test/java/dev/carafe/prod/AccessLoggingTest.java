package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.internal.TrustedProxies;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** The access log line of a request, against a real Jetty. */
class AccessLoggingTest {
  @Test
  void theLineOfARequestTheTimeoutAnswersIsWrittenBeforeTheAnswer() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLog log = new AccessLog(out, 1);
    log.startWriting();
    CompletableFuture<String> logWhenAnswered = new CompletableFuture<>();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new App());
    server.insertHandler(
        new RequestTimeout(Duration.ofMillis(100), AccessLogging::writeBeforeAnswer));
    server.insertHandler(new RequestIds(TrustedProxies.loopback()));
    server.insertHandler(new AccessLogging(log, TrustedProxies.loopback()));
    // Outermost: what the log holds when the answer starts on its way to the client.
    server.insertHandler(
        new Handler.Wrapper() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            Response seen =
                new Response.Wrapper(request, response) {
                  @Override
                  public void write(boolean last, ByteBuffer content, Callback written) {
                    log.flush();
                    logWhenAnswered.complete(out.toString(StandardCharsets.UTF_8));
                    super.write(last, content, written);
                  }
                };
            return super.handle(request, seen, callback);
          }
        });
    server.start();
    try {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/slow"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(503, answer.statusCode());
      String line = logWhenAnswered.get();
      assertTrue(line.contains("\"status\":503"), line);
      assertTrue(line.contains("\"timed_out\":true"), line);
      assertTrue(line.contains("\"bytes\":" + answer.body().length()), line);
    } finally {
      server.stop();
      log.close();
    }
  }

  /** An app that answers after the request timeout. */
  private static final class App extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      new Thread(
              () -> {
                try {
                  Thread.sleep(1_000);
                } catch (InterruptedException ignored) {
                  // stopping
                }
                response.write(true, ByteBuffer.wrap("late".getBytes()), callback);
              })
          .start();
      return true;
    }
  }
}
