package dev.carafe.prod;

import dev.carafe.internal.LogContext;
import dev.carafe.internal.TrustedProxies;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Gives every request an id: the {@code X-Request-Id} a trusted proxy sent, or a new one. The id is
 * a request attribute, for the access log and the logging context ({@link LogContext}, which {@link
 * Dispatch} fills), and goes back to the client in the response's {@code X-Request-Id} header.
 */
final class RequestIds extends Handler.Wrapper {
  /** The request attribute holding the request id, for apps that log it. */
  static final String ATTRIBUTE = "carafe.request_id";

  static final String HEADER = "X-Request-Id";

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final TrustedProxies trusted;

  RequestIds(TrustedProxies trusted) {
    this.trusted = trusted;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String id = idOf(request);
    request.setAttribute(ATTRIBUTE, id);
    return super.handle(request, new Stamped(request, response, id), callback);
  }

  private String idOf(Request request) {
    String given = request.getHeaders().get(HEADER);
    return given != null && SAFE_ID.matcher(given).matches() && fromProxy(request)
        ? given
        : LogContext.newRequestId();
  }

  /** A trusted peer, or one without an IP address: a unix socket's, a proxy on this host. */
  private boolean fromProxy(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    return !(remote instanceof InetSocketAddress inet)
        || inet.getAddress() == null
        || trusted.trusts(inet.getAddress());
  }

  /** The response, with the id put in its headers as it starts, unless the app put one there. */
  private static final class Stamped extends Response.Wrapper {
    private final String id;
    private boolean started;

    Stamped(Request request, Response response, String id) {
      super(request, response);
      this.id = id;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      if (!started) {
        started = true;
        if (!getHeaders().contains(HEADER)) {
          getHeaders().put(HEADER, id);
        }
      }
      super.write(last, content, callback);
    }
  }
}
