package dev.carafe.it.nginx;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Response;
import dev.carafe.demo.DemoApp;
import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo app served in the test's JVM, plus probe routes that show what reached the app through
 * nginx: the client as the app sees it, the headers, the upstream connection, its own errors and a
 * stream the test controls.
 */
final class ProbeApp implements AutoCloseable {
  private final Carafe app;
  private final CountDownLatch streamRelease = new CountDownLatch(1);
  private final AtomicBoolean streamPastFirstEvent = new AtomicBoolean();

  private ProbeApp(Carafe app) {
    this.app = app;
  }

  static ProbeApp start() {
    ProbeApp probe = new ProbeApp(DemoApp.create(Config.defaults()));
    probe.addRoutes();
    probe.app.start("127.0.0.1", 0);
    return probe;
  }

  /** The address nginx reaches the app at. */
  String address() {
    return "127.0.0.1:" + app.port();
  }

  /** Lets the stream at /events/probe write its last event and end. */
  void releaseStream() {
    streamRelease.countDown();
  }

  /** True once the stream has gone on past its first event. */
  boolean streamPastFirstEvent() {
    return streamPastFirstEvent.get();
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
              "peerPort", req.ctx().req().getRemotePort(),
              "headers", headers);
        });
    app.get(
        "/probe/status/<int:code>",
        req -> Response.of(req.intParam("code"), Map.of("from", "the app")));
    app.get(
        "/events/probe",
        req -> {
          HttpServletResponse res = req.ctx().res();
          res.setContentType("text/event-stream");
          OutputStream out = res.getOutputStream();
          out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          // Bounded: a test that never releases the stream still lets it end.
          streamRelease.await(10, TimeUnit.SECONDS);
          streamPastFirstEvent.set(true);
          out.write("data: last\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          return null;
        });
  }

  @Override
  public void close() {
    streamRelease.countDown();
    app.stop();
  }
}
