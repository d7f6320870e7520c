package dev.carafe.bench.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Password guessing against the JSON API with HTTP Basic credentials from 400 connections at once,
 * each sending a few guesses over keep-alive: every guess costs the server a password hash. A 401
 * is a guess the app checked, a 429 one it refused to check.
 */
final class BasicGuessing implements Attack {
  static final int CONNECTIONS = 400;
  private static final byte[] BODY = "{\"title\":\"guess\"}".getBytes(StandardCharsets.UTF_8);

  @Override
  public Outcome run(Context context) throws Exception {
    Target target = context.target();
    long deadline = context.deadline(System.nanoTime());
    int perConnection = context.quick() ? 1 : 3;
    Tally tally = new Tally();
    AtomicLong sent = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      int connectionNumber = c;
      Runnable guesses =
          () -> {
            HttpConnection connection = null;
            try {
              for (int g = 0; g < perConnection && System.nanoTime() < deadline; g++) {
                if (connection == null || !connection.reusable()) {
                  if (connection != null) {
                    connection.close();
                  }
                  try {
                    connection =
                        HttpConnection.open(target, Duration.ofSeconds(10), context.budget());
                  } catch (IOException e) {
                    connection = null;
                    tally.add(e);
                    return;
                  }
                }
                String credentials = context.username() + ":guess-" + connectionNumber + "-" + g;
                byte[] head =
                    HttpConnection.head(
                        target,
                        "POST",
                        "/api/posts",
                        List.of(
                            "Content-Type: application/json",
                            "Authorization: Basic "
                                + Base64.getEncoder()
                                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))),
                        BODY.length);
                sent.incrementAndGet();
                Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
                tally.add(connection.exchange(head, BODY, left).status());
              }
            } catch (IOException e) {
              tally.add(connection.expired() ? "timeout" : Tally.kind(e));
            } finally {
              if (connection != null) {
                connection.close();
              }
            }
          };
      Thread thread = new Thread(null, guesses, "basic-guess-" + c, 256 * 1024);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 15_000));
    }
    return new Outcome(
        sent.get(),
        String.format(
            Locale.ROOT,
            "%d connections, up to %d guesses each: checked (401) %d, limited (429) %d; all: %s",
            CONNECTIONS,
            perConnection,
            tally.count("401"),
            tally.count("429"),
            tally));
  }
}
