package dev.carafe.dev;

import dev.carafe.internal.Json;
import dev.carafe.internal.LogContext;
import dev.carafe.internal.ServerView;
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
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet Jetty knows for the dev server's whole life. It waits out a reload, reads the
 * request body, takes the application lane, hands the request to the current app generation, and
 * leaves the lane when the app is done with the request: the response streams to the client as the
 * app writes it, as in production. The live-reload channel never enters the lane.
 *
 * <p>At most {@link #READERS} bodies are read at once; a request that finds them all busy is
 * answered 503 at once, so slow uploads (which the minimum body rate cuts after a few seconds
 * anyway) can never take every thread and leave other requests unanswered.
 */
final class DevServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DevServer.class);
  private static final Duration RELOAD_WAIT = Duration.ofSeconds(60);

  /** Bodies read at once: plenty for one developer's browser, few of the server's threads. */
  static final int READERS = 16;

  private final transient AppSlot slot;
  private final transient LiveReload live;
  private final transient Semaphore lane;
  private final transient Semaphore readers = new Semaphore(READERS);

  DevServlet(AppSlot slot, LiveReload live, int threads) {
    this.slot = slot;
    this.live = live;
    this.lane = new Semaphore(threads, true);
  }

  /** Requests waiting for the application lane, body read and reload over. */
  int waitingForLane() {
    return lane.getQueueLength();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws IOException, ServletException {
    String path = req.getRequestURI();
    if (path.startsWith("/__carafe/")) {
      own(req, res, path);
      return;
    }
    // A request id as production gives one: in the response, and in every line the app logs.
    String requestId = LogContext.newRequestId();
    req.setAttribute("carafe.request_id", requestId);
    res.setHeader("X-Request-Id", requestId);
    LogContext.enter(requestId);
    try {
      serveApp(req, res);
    } finally {
      LogContext.leave();
    }
  }

  private void serveApp(HttpServletRequest req, HttpServletResponse res)
      throws IOException, ServletException {
    long started = System.nanoTime();
    Entry entry;
    try {
      entry = enterLane(req);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      res.sendError(503, "The development server is stopping.");
      return;
    } catch (Refused refused) {
      refused.answer(res);
      log(req, res, started);
      return;
    }
    AppSlot.State state = entry.state();
    if (state.app().isEmpty()) {
      BufferedRequest.close(entry.request());
      showProblem(req, res, state, entry.version());
      log(req, res, started);
      return;
    }
    LoadedApp app = state.app().get();
    try {
      serve(req, res, entry, app);
    } finally {
      // Last out of a replaced generation closes it.
      app.leave();
    }
    log(req, res, started);
  }

  /** Runs the app in the lane, then writes what the response still owes outside it. */
  private void serve(HttpServletRequest req, HttpServletResponse res, Entry entry, LoadedApp app)
      throws IOException, ServletException {
    HttpServletRequest request = entry.request();
    StreamedResponse response =
        new StreamedResponse(
            res,
            "HEAD".equals(req.getMethod()) ? null : entry.version(),
            failure -> abort(req, failure));
    boolean async;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(app.loader());
      app.servlet().service(request, response);
      async = request.isAsyncStarted();
    } catch (IOException | ServletException | RuntimeException | Error e) {
      BufferedRequest.close(request);
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
      lane.release();
    }
    // Out of the lane: what the response still owes is no app code.
    if (response.serviceReturned()) {
      // It failed after it began and is aborted: nothing more to write.
      BufferedRequest.close(request);
    } else if (async) {
      response.passThrough();
      BufferedRequest.closeOnceComplete(request);
    } else {
      try {
        response.finish();
      } finally {
        BufferedRequest.close(request);
      }
    }
  }

  /** The app state a request runs with, the live-reload version its page shows, its body. */
  private record Entry(AppSlot.State state, String version, HttpServletRequest request) {}

  /**
   * Waits until no reload is under way, reads the body, then takes the lane; a reload that starts
   * meanwhile sends the request back to wait for it. Holds no lane when there is no app.
   */
  private Entry enterLane(HttpServletRequest req)
      throws InterruptedException, IOException, ServletException, Refused {
    HttpServletRequest request = null;
    while (true) {
      AppSlot.State state = slot.awaitSettled(RELOAD_WAIT);
      // The reloader swaps the app before it moves the version on, so a version read after the
      // state is never newer than the code that renders the page.
      String version = live.version();
      if (state.app().isEmpty()) {
        return new Entry(state, version, request == null ? req : request);
      }
      if (request == null) {
        request = readBody(req, state.app().get());
      }
      lane.acquire();
      // Counted in before the check: a generation replaced after it still waits for this one.
      LoadedApp app = state.app().get();
      if (app.enter()) {
        if (slot.current() == state) {
          return new Entry(state, version, request);
        }
        app.leave();
      }
      lane.release();
    }
  }

  /** Reads the body with one of the {@link #READERS}; refuses the request when none is free. */
  private HttpServletRequest readBody(HttpServletRequest req, LoadedApp app)
      throws IOException, ServletException, Refused {
    long limit = app.app().config().getLong("max_content_length");
    if (!BufferedRequest.hasBody(req, limit)) {
      return req;
    }
    if (!readers.tryAcquire()) {
      throw new Refused(
          503,
          "The development server is reading "
              + READERS
              + " request bodies already; try again in a moment.");
    }
    try {
      return BufferedRequest.read(req, limit, ServerView.of(app.app()).multipartConfig());
    } catch (IOException e) {
      // A body cut for arriving too slowly carries its status (408) in the cause.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof HttpException http && http.getCode() >= 400) {
          throw new Refused(http.getCode(), http.getReason());
        }
      }
      throw e;
    } finally {
      readers.release();
    }
  }

  /** A request answered before it reaches the app: the body could not be read. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    void answer(HttpServletResponse res) throws IOException {
      res.setHeader("Connection", "close");
      if (status == 503) {
        res.setHeader("Retry-After", "1");
      }
      // Carafe's error page, as for every request the server refuses before the app runs.
      res.sendError(status, getMessage());
    }
  }

  /**
   * Ends the connection of a response that failed after it began: the client sees it cut short
   * rather than complete.
   */
  private static void abort(HttpServletRequest req, Throwable failure) {
    ServletContextRequest.getServletContextRequest(req).getServletChannel().abort(failure);
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
