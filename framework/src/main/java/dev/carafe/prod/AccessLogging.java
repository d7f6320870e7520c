package dev.carafe.prod;

import dev.carafe.internal.TrustedProxies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a request's {@link AccessLog} line when it completes: status, bytes, duration, the client
 * address as the app sees it, the request id, and whether the request timeout answered it.
 */
final class AccessLogging extends Handler.Wrapper {
  private final AccessLog log;
  private final TrustedProxies trusted;

  AccessLogging(AccessLog log, TrustedProxies trusted) {
    this.log = log;
    this.trusted = trusted;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    return super.handle(request, response, new Logged(request, response, callback));
  }

  /**
   * Writes now the line of a request that is about to be answered with {@code bytes} of content
   * before its app is done (the request timeout's 503), so that a client that has the answer finds
   * the line; {@code callback} is the request's, as the handlers inside this one got it.
   */
  static void writeBeforeAnswer(Callback callback, long bytes) {
    for (Callback c = callback; c instanceof Callback.Nested nested; c = nested.getCallback()) {
      if (nested instanceof Logged logged) {
        logged.write(bytes);
        return;
      }
    }
  }

  /** The client as the app sees it ({@link TrustedProxies#clientAddress}). */
  private String client(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    InetAddress peer = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    return trusted.clientAddress(peer, request.getHeaders().get(HttpHeader.X_FORWARDED_FOR));
  }

  private final class Logged extends Callback.Nested {
    private final Request request;
    private final Response response;
    private final long started = System.nanoTime();
    // No race to guard: a request the timeout answers is written before its answer goes out and
    // completes after it, and the app's own completion of it never reaches this callback.
    private boolean written;

    Logged(Request request, Response response, Callback callback) {
      super(callback);
      this.request = request;
      this.response = response;
    }

    @Override
    public void succeeded() {
      write(Response.getContentBytesWritten(response));
      super.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
      write(Response.getContentBytesWritten(response));
      super.failed(failure);
    }

    /** Writes the line, once. */
    void write(long bytes) {
      if (written) {
        return;
      }
      written = true;
      log.log(
          request.getMethod(),
          request.getHttpURI().getPath(),
          response.getStatus(),
          bytes,
          System.nanoTime() - started,
          client(request),
          String.valueOf(request.getAttribute(RequestIds.ATTRIBUTE)),
          request.getAttribute(RequestTimeout.TIMED_OUT) != null);
    }
  }
}
