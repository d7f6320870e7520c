package dev.carafe.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load loop: a few client threads GET a URL over keep-alive connections until stopped, a
 * request count is reached or a time limit passes, counting what succeeded and what did not.
 */
public final class Load implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  private Load() {}

  /**
   * Starts {@code clients} threads against {@code url}, for at most {@code limit} and {@code
   * maxRequests}.
   */
  public static Load start(String url, int clients, Duration limit, long maxRequests) {
    Load load = new Load();
    long deadline = System.nanoTime() + limit.toNanos();
    for (int i = 0; i < clients; i++) {
      Thread thread = new Thread(() -> load.loop(url, deadline, maxRequests), "load-" + i);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  private void loop(String url, long deadline, long maxRequests) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    while (running.get() && System.nanoTime() < deadline && ok.get() + failed.get() < maxRequests) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          ok.incrementAndGet();
        } else {
          fail("status " + response.statusCode() + ": " + response.body());
        }
      } catch (Exception e) {
        fail(e.toString());
      }
    }
  }

  private void fail(String why) {
    failed.incrementAndGet();
    if (failures.size() < 10) {
      failures.add(why);
    }
  }

  public long ok() {
    return ok.get();
  }

  public long failed() {
    return failed.get();
  }

  /** The first few failures, for the assertion message. */
  public List<String> failures() {
    return failures;
  }

  /** Stops the clients and waits for them to finish their last request. */
  public void stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(40));
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return ok() + " ok, " + failed() + " failed " + failures;
  }
}
