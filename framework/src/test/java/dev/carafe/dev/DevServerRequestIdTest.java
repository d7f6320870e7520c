package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.carafe.Config;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The development server gives requests ids as production does: in the answer and the log. */
class DevServerRequestIdTest {
  @Test
  void everyRequestHasAnIdInItsAnswerAndInEveryLineItLogs() throws Exception {
    List<Map<String, String>> logged = new CopyOnWriteArrayList<>();
    AppenderBase<ILoggingEvent> capture =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().equals("the class path app logs")) {
              logged.add(Map.copyOf(event.getMDCPropertyMap()));
            }
          }
        };
    capture.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    capture.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(capture);
    DevServer server =
        DevServer.builder(ClassPathApp.class.getName())
            .port(0)
            .config(() -> Config.defaults())
            .console(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
            .start();
    try {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      String first = requestIdOf(server);
      String second = requestIdOf(server);
      assertTrue(first.matches("[0-9a-f]{32}"), first);
      assertNotEquals(first, second);
      assertEquals(List.of(Map.of("request_id", first), Map.of("request_id", second)), logged);
    } finally {
      root.detachAppender(capture);
      server.close();
    }
  }

  private static String requestIdOf(DevServer server) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/log"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode());
    return answer.headers().firstValue("X-Request-Id").orElseThrow();
  }
}
