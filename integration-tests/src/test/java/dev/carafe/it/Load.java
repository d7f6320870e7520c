package dev.carafe.it;

import dev.carafe.test.CarafeTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;

/**
 * Bounded load: a few clients, each on its own connections, sending GETs in a loop until stopped, a
 * request budget is spent or a deadline passes. Every answer other than 200 is kept as a failure.
 */
public final class Load implements AutoCloseable {
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger budget;
  private final AtomicInteger succeeded = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Thread> clients = new ArrayList<>();
  private final long deadline;

  private Load(int maxRequests, Duration maxTime) {
    this.budget = new AtomicInteger(maxRequests);
    this.deadline = System.nanoTime() + maxTime.toNanos();
  }

  /** Starts {@code clients} clients sending {@code GET path} to {@code baseUrl}. */
  public static Load start(
      String baseUrl, String path, int clients, int maxRequests, Duration maxTime) {
    Load load = new Load(maxRequests, maxTime);
    for (int i = 0; i < clients; i++) {
      Thread client = new Thread(() -> load.run(baseUrl, path), "load-" + i);
      client.setDaemon(true);
      load.clients.add(client);
      client.start();
    }
    return load;
  }

  private void run(String baseUrl, String path) {
    try (UnirestInstance http = CarafeTest.client(baseUrl)) {
      while (!stop.get() && System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
        try {
          HttpResponse<String> reply = http.get(path).asString();
          if (reply.getStatus() == 200) {
            succeeded.incrementAndGet();
          } else {
            failures.add(reply.getStatus() + " " + abbreviate(reply.getBody()));
          }
        } catch (RuntimeException e) {
          failures.add(e.toString());
        }
      }
    }
  }

  private static String abbreviate(String body) {
    return body == null || body.length() <= 120 ? String.valueOf(body) : body.substring(0, 120);
  }

  public int succeeded() {
    return succeeded.get();
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** Waits until at least {@code count} requests succeeded; false if the load ended first. */
  public boolean awaitSucceeded(int count) throws InterruptedException {
    while (succeeded.get() < count) {
      if (clients.stream().noneMatch(Thread::isAlive)) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Stops the clients and waits for their last requests. */
  @Override
  public void close() {
    stop.set(true);
    try {
      for (Thread client : clients) {
        client.join(Duration.ofSeconds(40).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
