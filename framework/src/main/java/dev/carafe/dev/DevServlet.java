package dev.carafe.dev;

import dev.carafe.internal.Json;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet Jetty knows for the dev server's whole life. It reads the request body, waits out
 * a reload, takes the application lane, hands the request to the current app generation, leaves the
 * lane, and only then writes the response. The live-reload channel never enters the lane.
 */
final class DevServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DevServer.class);
  private static final Duration RELOAD_WAIT = Duration.ofSeconds(60);
  private static final int BODY_IN_MEMORY = 16 * 1024 * 1024;

  private final transient AppSlot slot;
  private final transient LiveReload live;
  private final transient Semaphore lane;

  DevServlet(AppSlot slot, LiveReload live, int threads) {
    this.slot = slot;
    this.live = live;
    this.lane = new Semaphore(threads, true);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws IOException, ServletException {
    String path = req.getRequestURI();
    if (path.startsWith("/__carafe/")) {
      own(req, res, path);
      return;
    }
    long started = System.nanoTime();
    HttpServletRequest request = BufferedRequest.read(req, BODY_IN_MEMORY);
    Entry entry;
    try {
      entry = enterLane();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      res.sendError(503, "The development server is stopping.");
      return;
    }
    AppSlot.State state = entry.state();
    String version = entry.version();
    if (state.app().isEmpty()) {
      showProblem(request, res, state, version);
      log(req, res, started);
      return;
    }
    LoadedApp app = state.app().get();
    BufferedResponse buffered = new BufferedResponse(res);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(app.loader());
      app.servlet().service(request, buffered);
    } finally {
      thread.setContextClassLoader(previous);
      lane.release();
    }
    if (request.isAsyncStarted()) {
      buffered.passThrough();
    } else {
      buffered.send("HEAD".equals(req.getMethod()), version);
    }
    log(req, res, started);
  }

  /** The app state a request runs with, and the live-reload version its page shows. */
  private record Entry(AppSlot.State state, String version) {}

  /**
   * Waits until no reload is under way, then takes the lane; a reload that starts while waiting for
   * the lane sends the request back to wait for it. Holds no lane when there is no app.
   */
  private Entry enterLane() throws InterruptedException {
    while (true) {
      AppSlot.State state = slot.awaitSettled(RELOAD_WAIT);
      // The reloader swaps the app before it moves the version on, so a version read after the
      // state is never newer than the code that renders the page.
      String version = live.version();
      if (state.app().isEmpty()) {
        return new Entry(state, version);
      }
      lane.acquire();
      if (slot.current() == state) {
        return new Entry(state, version);
      }
      lane.release();
    }
  }

  private void own(HttpServletRequest req, HttpServletResponse res, String path)
      throws IOException {
    if (path.equals(LiveReload.PATH)) {
      live.open(req, res);
    } else {
      res.sendError(404);
    }
  }

  private void showProblem(
      HttpServletRequest req, HttpServletResponse res, AppSlot.State state, String version)
      throws IOException {
    AppSlot.Problem problem = state.problem();
    res.setStatus(state.phase() == AppSlot.Phase.BROKEN ? 500 : 503);
    res.setHeader("Cache-Control", "no-store");
    String script = LiveReload.script(version);
    String body;
    if (DevPages.wantsJson(req.getHeader("Accept"))) {
      res.setContentType("application/problem+json");
      body = problemJson(state, problem);
    } else if (!problem.compileErrors().isEmpty()) {
      res.setContentType("text/html;charset=utf-8");
      body = DevPages.compileErrors(problem.compileErrors(), script);
    } else if (problem.loadFailure().isPresent()) {
      res.setContentType("text/html;charset=utf-8");
      body =
          DevPages.exception(
              problem.loadFailure().get(),
              "The app failed to load: its factory threw.",
              null,
              script);
    } else {
      res.setContentType("text/plain;charset=utf-8");
      body =
          state.phase() == AppSlot.Phase.STOPPED
              ? "The development server is stopping.\n"
              : "The app is still loading; try again in a moment.\n";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    res.setContentLength(bytes.length);
    res.getOutputStream().write(bytes);
  }

  private static String problemJson(AppSlot.State state, AppSlot.Problem problem)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "about:blank");
    if (!problem.compileErrors().isEmpty()) {
      json.put("title", "Compile error");
      json.put("status", 500);
      json.put(
          "errors",
          problem.compileErrors().stream()
              .map(
                  p ->
                      Map.of(
                          "file", p.file(),
                          "line", p.line(),
                          "column", p.column(),
                          "message", p.message()))
              .toList());
    } else if (problem.loadFailure().isPresent()) {
      ExceptionReport report = problem.loadFailure().get();
      json.put("title", "The app failed to load");
      json.put("status", 500);
      json.put("detail", report.type() + ": " + report.message());
      json.put("trace", List.of(report.text().split("\n")));
    } else {
      json.put("title", "Service Unavailable");
      json.put("status", 503);
      json.put("detail", state.phase().name().toLowerCase(Locale.ROOT));
    }
    return Json.mapper().writeValueAsString(json);
  }

  private static void log(HttpServletRequest req, HttpServletResponse res, long started) {
    if (LOG.isInfoEnabled()) {
      String query = req.getQueryString();
      LOG.info(
          "{} {}{} {} {} ms",
          req.getMethod(),
          req.getRequestURI(),
          query == null ? "" : "?" + query,
          res.getStatus(),
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e6));
    }
  }
}
