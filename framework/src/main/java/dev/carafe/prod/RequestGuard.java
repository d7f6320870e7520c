package dev.carafe.prod;

import dev.carafe.Carafe;
import dev.carafe.Route;
import dev.carafe.internal.TrustedProxies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.VirtualThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps every request a worker serves: gives it a request id (a trusted proxy's {@code
 * X-Request-Id}, or a new one) and returns it, answers 503 when the app runs past the request
 * timeout, counts requests for max_requests, and writes the access log line.
 *
 * <p>It also decides where a request runs. Jetty calls it on the I/O thread that read the request
 * (it declares itself non-blocking); a request for a {@link dev.carafe.Route#nonBlocking()} view
 * without a body runs right there, every other one is handed to the request pool, as Jetty would
 * have done for the servlet behind it.
 */
final class RequestGuard extends Handler.Wrapper {
  /** The request attribute holding the request id, for apps that log it. */
  static final String REQUEST_ID = "carafe.request_id";

  private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
  private static final String HEADER = "X-Request-Id";
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** Who may still answer: the app, or the timeout. Only forward. */
  private enum Phase {
    RUNNING,
    WRITING,
    TIMED_OUT,
    DONE
  }

  private final TrustedProxies trusted;
  private final Optional<AccessLog> accessLog;
  private final long timeoutNanos;
  private final long requestLimit;
  private final Runnable onLimit;
  private final Optional<BiPredicate<String, String>> nonBlockingViews;
  private Executor pool; // set at start: the server's pool, or its virtual threads
  // 0 (never reached) until the worker serves: warm-up requests are counted like clients' ones,
  // so the JIT meets no branch that only clients take, but cannot use up max_requests.
  private volatile long limit;
  private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicLong served = new AtomicLong();
  private volatile boolean closing;
  private final ScheduledExecutorService watchdog;

  RequestGuard(
      TrustedProxies trusted,
      Optional<AccessLog> accessLog,
      Duration timeout,
      long requestLimit,
      Runnable onLimit,
      Optional<BiPredicate<String, String>> nonBlockingViews) {
    this.trusted = trusted;
    this.nonBlockingViews = nonBlockingViews;
    this.accessLog = accessLog;
    this.timeoutNanos = timeout.toNanos();
    this.requestLimit = requestLimit;
    this.onLimit = onLimit;
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "carafe-request-timeouts");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(50, Math.min(1000, timeout.toMillis() / 10));
    watchdog.scheduleAtFixedRate(this::expire, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * The method-and-path test for the app's {@link Route#nonBlocking()} views; none when the app has
   * none, so that its requests pay for no checks.
   */
  static Optional<BiPredicate<String, String>> nonBlockingViewsOf(Carafe app) {
    if (app.routes().stream().noneMatch(Route::isNonBlocking)) {
      return Optional.empty();
    }
    return Optional.of(
        (method, path) -> app.routeFor(method, path).map(Route::isNonBlocking).orElse(false));
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  protected void doStart() throws Exception {
    Executor threads = getServer().getThreadPool();
    Executor virtual = VirtualThreads.getVirtualThreadsExecutor(threads);
    pool = virtual == null ? threads : virtual;
    super.doStart();
  }

  /** A request for a non-blocking view, without a body: reading one could wait for bytes. */
  private boolean runsInline(Request request) {
    return nonBlockingViews.isPresent()
        && request.getLength() <= 0
        && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
        && nonBlockingViews.get().test(request.getMethod(), Request.getPathInContext(request));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (served.incrementAndGet() == limit) {
      onLimit.run();
    }
    boolean inline = runsInline(request);
    Exchange exchange = new Exchange(request, response, callback, inline);
    request.setAttribute(REQUEST_ID, exchange.requestId);
    inFlight.add(exchange);
    if (inline) {
      exchange.run();
      return true;
    }
    try {
      pool.execute(exchange);
    } catch (RejectedExecutionException stopping) {
      Response.writeError(request, exchange.response, exchange, HttpStatus.SERVICE_UNAVAILABLE_503);
    }
    return true;
  }

  /**
   * Ends the warm-up: once its last requests are done, their log lines are dropped and the count
   * toward max_requests starts. Warm-up requests run every line of code that clients' requests do
   * (a branch the JIT never saw taken costs a recompilation on clients' time) and differ in data
   * only.
   */
  void serving() throws InterruptedException {
    for (int i = 0; i < 100 && !inFlight.isEmpty(); i++) {
      Thread.sleep(10);
    }
    accessLog.ifPresent(AccessLog::startWriting);
    served.set(0);
    limit = requestLimit;
  }

  /** Requests being served now. */
  int inFlight() {
    return inFlight.size();
  }

  /**
   * From now on every response says {@code Connection: close}. Draining with Jetty's shutdown alone
   * closes a connection right after a response that promised keep-alive, and a client that sends
   * its next request at that moment gets a reset.
   */
  void closeConnections() {
    closing = true;
  }

  @Override
  protected void doStop() throws Exception {
    watchdog.shutdownNow();
    super.doStop();
  }

  private void expire() {
    long now = System.nanoTime();
    for (Exchange exchange : inFlight) {
      if (now - exchange.started > timeoutNanos) {
        exchange.timeOut(now);
      }
    }
  }

  /** One request: its callback (so completion is seen), its guarded response, and its run. */
  private final class Exchange implements Callback, Runnable {
    final Request request;
    final Response original;
    final Callback callback;
    final long started = System.nanoTime();
    final String requestId;
    final String client;
    final AtomicReference<Phase> phase = new AtomicReference<>(Phase.RUNNING);
    final AtomicLong bytes = new AtomicLong();
    final Response response;
    final WriteBehind writeBehind;

    Exchange(Request request, Response original, Callback callback, boolean inline) {
      this.request = request;
      this.original = original;
      this.callback = callback;
      this.writeBehind = inline ? new WriteBehind(this) : null;
      SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
      // A peer without an IP address came through a unix socket: a proxy on this host.
      InetAddress peerAddress = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
      String peer = peerAddress == null ? null : peerAddress.getHostAddress();
      boolean fromProxy = peerAddress == null || trusted.trusts(peerAddress);
      this.client =
          trusted.clientAddress(peer, request.getHeaders().get(HttpHeader.X_FORWARDED_FOR));
      String given = request.getHeaders().get(HEADER);
      this.requestId =
          fromProxy && given != null && SAFE_ID.matcher(given).matches() ? given : newId();
      this.response = new GuardedResponse(this);
    }

    /** Runs the app (Jetty's servlet behind this handler); what nothing handles is a 404. */
    @Override
    public void run() {
      try {
        if (!RequestGuard.super.handle(request, response, this)) {
          Response.writeError(request, response, this, HttpStatus.NOT_FOUND_404);
        }
      } catch (Throwable t) {
        failed(t);
      }
    }

    /** The app is done; with writes still going out behind it, the request ends after them. */
    @Override
    public void succeeded() {
      if (writeBehind != null) {
        writeBehind.appDone();
      } else {
        completed(null);
      }
    }

    @Override
    public void failed(Throwable failure) {
      if (writeBehind == null || !writeBehind.abort(failure)) {
        completed(failure);
      }
    }

    void completed(Throwable failure) {
      if (!finish()) {
        return;
      }
      if (failure == null) {
        callback.succeeded();
      } else {
        callback.failed(failure);
      }
    }

    @Override
    public InvocationType getInvocationType() {
      return callback.getInvocationType();
    }

    RequestGuard guard() {
      return RequestGuard.this;
    }

    /** Ends the exchange unless the timeout already answered; true when the app's answer counts. */
    private boolean finish() {
      Phase p = phase.get();
      while (p == Phase.RUNNING || p == Phase.WRITING) {
        if (phase.compareAndSet(p, Phase.DONE)) {
          log(original.getStatus(), System.nanoTime(), false);
          inFlight.remove(this); // after its line: serving() waits for the warm-up's last ones
          return true;
        }
        p = phase.get();
      }
      return false;
    }

    /** Answers 503 if the app has not started its response. */
    void timeOut(long now) {
      if (!phase.compareAndSet(Phase.RUNNING, Phase.TIMED_OUT)) {
        return;
      }
      inFlight.remove(this);
      LOG.warn(
          "Request {} {} ran past the request timeout ({} ms); answered 503 (request id {})",
          request.getMethod(),
          request.getHttpURI().getPath(),
          TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
          requestId);
      byte[] body =
          ("{\"error\":\"Service Unavailable\",\"message\":\"The request took longer than "
                  + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                  + " s.\",\"request_id\":\""
                  + requestId
                  + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      original.reset();
      original.setStatus(503);
      original.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      original.getHeaders().put(HttpHeader.CONNECTION, "close");
      original.getHeaders().put(HEADER, requestId);
      bytes.set(body.length);
      log(503, now, true); // before the answer: a client that has it may look for the line
      original.write(true, ByteBuffer.wrap(body), callback);
    }

    private void log(int status, long now, boolean timedOut) {
      accessLog.ifPresent(
          log ->
              log.log(
                  request.getMethod(),
                  request.getHttpURI().getPath(),
                  status,
                  bytes.get(),
                  now - started,
                  client,
                  requestId,
                  timedOut));
    }
  }

  /** The app's view of the response: its writes are refused once the timeout has answered. */
  private static final class GuardedResponse extends Response.Wrapper {
    private final Exchange exchange;

    GuardedResponse(Exchange exchange) {
      super(exchange.request, exchange.original);
      this.exchange = exchange;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      Phase p = exchange.phase.get();
      if (p == Phase.RUNNING && exchange.phase.compareAndSet(Phase.RUNNING, Phase.WRITING)) {
        if (!getHeaders().contains(HEADER)) {
          getHeaders().put(HEADER, exchange.requestId);
        }
        if (exchange.guard().closing) {
          getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        p = Phase.WRITING;
      }
      if (p != Phase.WRITING && p != Phase.DONE) {
        callback.failed(new TimeoutException("The request timeout has already answered 503."));
        return;
      }
      if (content != null) {
        exchange.bytes.addAndGet(content.remaining());
      }
      if (exchange.writeBehind != null) {
        exchange.writeBehind.write(last, content, callback);
      } else {
        super.write(last, content, callback);
      }
    }
  }

  /**
   * The writes of a request served on the I/O thread. The servlet layer waits for a write it sends
   * before the response is complete, and on the I/O thread that wait would never end if the client
   * were slow to read: the thread that would see the socket become writable is the waiting one. So
   * each write is copied, queued and reported done at once; the copies go out one after the other,
   * and the request ends when the last one has.
   */
  private static final class WriteBehind extends IteratingCallback {
    private record Chunk(boolean last, ByteBuffer content) {}

    private final Exchange exchange;
    private final Queue<Chunk> chunks = new ConcurrentLinkedQueue<>();
    private volatile boolean appDone;

    WriteBehind(Exchange exchange) {
      this.exchange = exchange;
    }

    void write(boolean last, ByteBuffer content, Callback written) {
      if (isFailed() || isAborted()) {
        written.failed(new EofException("The response could not be written."));
        return;
      }
      ByteBuffer copy = null;
      if (content != null) {
        copy = ByteBuffer.allocate(content.remaining()).put(content).flip();
      }
      chunks.add(new Chunk(last, copy));
      iterate();
      written.succeeded();
    }

    void appDone() {
      appDone = true;
      iterate();
    }

    @Override
    protected Action process() {
      Chunk next = chunks.poll();
      if (next != null) {
        exchange.original.write(next.last, next.content, this);
        return Action.SCHEDULED;
      }
      return appDone ? Action.SUCCEEDED : Action.IDLE;
    }

    @Override
    protected void onCompleteSuccess() {
      exchange.completed(null);
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      exchange.completed(cause);
    }

    @Override
    public InvocationType getInvocationType() {
      return exchange.callback.getInvocationType();
    }
  }

  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }
}
