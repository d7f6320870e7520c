package dev.carafe.it.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The application lane: one handler at a time, while connections and I/O stay concurrent. */
class DevLaneIT {
  private static final String APP_FILE = "src/main/java/dev/carafe/it/lane/LaneApp.java";
  private static final String APP =
      """
      package dev.carafe.it.lane;

      import dev.carafe.Carafe;
      import dev.carafe.Config;
      import java.util.Map;
      import java.util.concurrent.CountDownLatch;
      import java.util.concurrent.TimeUnit;
      import java.util.concurrent.atomic.AtomicInteger;

      public final class LaneApp {
        static final AtomicInteger inside = new AtomicInteger();
        static final AtomicInteger most = new AtomicInteger();
        static final CountDownLatch meeting = new CountDownLatch(2);

        public static Carafe create(Config config) {
          Carafe app = Carafe.create(config);
          app.get("/slow", req -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
              Thread.sleep(300);
            } finally {
              inside.decrementAndGet();
            }
            return Map.of("ok", true);
          });
          app.get("/most", req -> Map.of("most", most.get()));
          app.get("/meet", req -> {
            meeting.countDown();
            return Map.of("met", meeting.await(10, TimeUnit.SECONDS));
          });
          app.post("/echo", req -> Map.of("length", req.javalinContext().bodyAsBytes().length))
              .csrfExempt();
          return app;
        }
      }
      """;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void oneHandlerRunsAtATimeWhileUploadsLiveReloadAndIdleConnectionsWait() throws Exception {
    try (DevProject project = DevProject.copyOfDemo()) {
      project.write(APP_FILE, APP);
      project.start("--app", "dev.carafe.it.lane.LaneApp");
      try (Socket liveReload = connect(project);
          Socket upload = connect(project);
          Socket idle = connect(project)) {
        send(liveReload, "GET /__carafe/live-reload HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(readUntil(liveReload, "data: ").contains("event: version"));
        // An upload that stalls halfway through its body must not hold the lane.
        send(
            upload,
            "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 1000\r\n\r\n"
                + "x".repeat(10));

        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          slow.add(http.sendAsync(get(project, "/slow"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : slow) {
          assertEquals(200, response.get(20, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(
            "{\"most\":1}",
            http.send(get(project, "/most"), HttpResponse.BodyHandlers.ofString()).body(),
            "handlers overlapped");

        send(upload, "x".repeat(990));
        String answer = readUntil(upload, "}");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("{\"length\":1000}"), answer);
        assertTrue(idle.isConnected());
      }
    }
  }

  @Test
  void threadsOptionLetsHandlersRunSideBySide() throws Exception {
    try (DevProject project = DevProject.copyOfDemo()) {
      project.write(APP_FILE, APP);
      project.start("--app", "dev.carafe.it.lane.LaneApp", "--threads", "2");
      CompletableFuture<HttpResponse<String>> first =
          http.sendAsync(get(project, "/meet"), HttpResponse.BodyHandlers.ofString());
      CompletableFuture<HttpResponse<String>> second =
          http.sendAsync(get(project, "/meet"), HttpResponse.BodyHandlers.ofString());
      assertEquals("{\"met\":true}", first.get(60, TimeUnit.SECONDS).body());
      assertEquals("{\"met\":true}", second.get(60, TimeUnit.SECONDS).body());
      assertTrue(project.server().output().contains("Up to 2 requests at a time run app code"));
    }
  }

  private static HttpRequest get(DevProject project, String path) {
    return HttpRequest.newBuilder(URI.create(project.url(path)))
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  private static Socket connect(DevProject project) throws IOException {
    Socket socket = new Socket("127.0.0.1", project.port());
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads until {@code marker} has arrived (bounded by the socket timeout). */
  private static String readUntil(Socket socket, String marker) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    while (!text.toString().contains(marker)) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    return text.toString();
  }
}
