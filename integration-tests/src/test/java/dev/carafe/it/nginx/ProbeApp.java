package dev.carafe.it.nginx;

import com.example.blog.App;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Response;
import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo app served in the test's JVM, plus probe routes that show what reached the app through
 * nginx: the client as the app sees it, the headers, the upstream connection, its own errors and a
 * stream the test controls.
 */
final class ProbeApp implements AutoCloseable {
  /** How many events the stream at /events/probe writes, each after the test's release. */
  static final int EVENTS = 3;

  private final Carafe app;

  /** The size of /probe/large: more than the kernel's socket buffers can hold. */
  static final int LARGE_BYTES = 32 * 1024 * 1024;

  private final CountDownLatch largeWritten = new CountDownLatch(1);
  private final Semaphore streamReleases = new Semaphore(0);
  private final AtomicBoolean streamWaitedInVain = new AtomicBoolean();

  private ProbeApp(Carafe app) {
    this.app = app;
  }

  static ProbeApp start() {
    ProbeApp probe = new ProbeApp(App.create(Config.defaults()));
    probe.addRoutes();
    probe.app.start("127.0.0.1", 0);
    return probe;
  }

  /** The address nginx reaches the app at. */
  String address() {
    return "127.0.0.1:" + app.port();
  }

  /** Waits until the app has written all of /probe/large; false if it is still writing. */
  boolean awaitLargeWritten(Duration timeout) throws InterruptedException {
    return largeWritten.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the stream at /events/probe write its next event. */
  void releaseNextEvent() {
    streamReleases.release();
  }

  /**
   * True once the stream gave up waiting for a release and went on by itself: the client had not
   * received the event it had written.
   */
  boolean streamWaitedInVain() {
    return streamWaitedInVain.get();
  }

  private void addRoutes() {
    app.get(
        "/probe/request",
        req -> {
          Map<String, String> headers = new TreeMap<>();
          req.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
          return Map.of(
              "ip", req.remoteAddr(),
              "scheme", req.scheme(),
              "host", req.host(),
              "peerPort", req.javalinContext().req().getRemotePort(),
              "headers", headers);
        });
    app.get(
        "/probe/status/<int:code>",
        req -> Response.of(req.intParam("code"), Map.of("from", "the app")));
    app.get(
        "/probe/large",
        req -> {
          HttpServletResponse res = req.javalinContext().res();
          res.setContentType("application/octet-stream");
          res.setContentLengthLong(LARGE_BYTES);
          OutputStream out = res.getOutputStream();
          byte[] chunk = new byte[64 * 1024];
          for (int written = 0; written < LARGE_BYTES; written += chunk.length) {
            out.write(chunk);
          }
          out.flush();
          largeWritten.countDown();
          return null;
        });
    app.get(
        "/events/probe",
        req -> {
          HttpServletResponse res = req.javalinContext().res();
          res.setContentType("text/event-stream");
          OutputStream out = res.getOutputStream();
          for (int event = 1; event <= EVENTS; event++) {
            out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Bounded: a test that never releases the stream still lets it end.
            if (!streamReleases.tryAcquire(10, TimeUnit.SECONDS)) {
              streamWaitedInVain.set(true);
            }
          }
          return null;
        });
  }

  @Override
  public void close() {
    streamReleases.release(EVENTS);
    app.stop();
  }
}
