package dev.carafe.it.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carafe.it.Launched;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the
 * JDK's own WebSocket client.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING =
      Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

  private final Launched process;
  private final Path profile;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private Chromium(Launched process, Path profile, int port) {
    this.process = process;
    this.profile = profile;
    this.port = port;
  }

  /** Starts a fresh headless browser with its own throwaway profile. */
  static Chromium start() throws Exception {
    Path profile = Files.createTempDirectory("carafe-chromium-");
    Launched process;
    try {
      process =
          Launched.start(
              profile,
              Map.of(),
              "chromium",
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--user-data-dir=" + profile,
              "--remote-debugging-port=0",
              "about:blank");
    } catch (IOException e) {
      throw new AssertionError(
          "This test drives a real browser: install Debian's chromium (apt-get install -y chromium).",
          e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(process.output());
      if (m.find()) {
        return new Chromium(process, profile, Integer.parseInt(m.group(1)));
      }
      if (!process.process().isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    process.close();
    throw new AssertionError("Chromium did not start:\n" + process.output());
  }

  /** Opens a new tab on {@code url}. */
  Tab open(String url) throws Exception {
    HttpRequest create =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/json/new?"
                        + URLEncoder.encode(url, StandardCharsets.UTF_8)))
            .PUT(HttpRequest.BodyPublishers.noBody())
            .build();
    JsonNode target = JSON.readTree(http.send(create, HttpResponse.BodyHandlers.ofString()).body());
    Tab tab = new Tab();
    tab.socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(target.get("webSocketDebuggerUrl").asText()), tab)
            .get(30, TimeUnit.SECONDS);
    return tab;
  }

  @Override
  public void close() throws IOException {
    process.close();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One browser tab. */
  static final class Tab implements WebSocket.Listener, AutoCloseable {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final StringBuilder message = new StringBuilder();
    private WebSocket socket;

    /** Evaluates JavaScript in the page and returns its value as text. */
    String evaluate(String expression) throws Exception {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      calls.put(id, answer);
      ObjectNode call = JSON.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
      call.putObject("params").put("expression", expression).put("returnByValue", true);
      socket.sendText(JSON.writeValueAsString(call), true).get(10, TimeUnit.SECONDS);
      JsonNode result = answer.get(10, TimeUnit.SECONDS).path("result").path("result");
      return result.path("value").asText(result.path("type").asText());
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode node = JSON.readTree(message.toString());
          CompletableFuture<JsonNode> call = calls.remove(node.path("id").asInt(-1));
          if (call != null) {
            call.complete(node);
          }
        } catch (IOException e) {
          calls.values().forEach(c -> c.completeExceptionally(e));
        }
        message.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** Waits at most {@code timeout} until {@code expression} evaluates to {@code expected}. */
  static void await(Tab tab, String expression, String expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = tab.evaluate(expression);
      } catch (TimeoutException busy) {
        // A tab whose next page has not arrived yet may not answer at all: keep asking.
        last = "(the tab did not answer)";
        continue;
      }
      if (last.equals(expected)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "The tab never showed '" + expected + "' for " + expression + "; last: '" + last + "'");
  }
}
