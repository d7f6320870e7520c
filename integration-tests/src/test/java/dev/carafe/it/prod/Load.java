package dev.carafe.it.prod;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load loop: a few keep-alive clients send GETs until stopped, until they have sent
 * {@code maxRequests} in total, or until {@code maxTime} passes, whichever comes first.
 */
final class Load {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger ok = new AtomicInteger();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();

  private Load() {}

  static Load start(String url, int clients, int maxRequests, Duration maxTime) {
    Load load = new Load();
    long deadline = System.nanoTime() + maxTime.toNanos();
    for (int c = 0; c < clients; c++) {
      Thread thread =
          new Thread(
              () -> {
                HttpClient client =
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest request =
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build();
                while (load.running.get()
                    && System.nanoTime() < deadline
                    && load.sent.incrementAndGet() <= maxRequests) {
                  try {
                    HttpResponse<String> response =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                      load.ok.incrementAndGet();
                    } else {
                      load.failures.add("HTTP " + response.statusCode() + ": " + response.body());
                    }
                  } catch (Exception e) {
                    load.failures.add(e.toString());
                  }
                }
              },
              "load-" + c);
      thread.start();
      load.threads.add(thread);
    }
    return load;
  }

  /** Stops the clients and waits for their last requests. */
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }

  int succeeded() {
    return ok.get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }
}
