package dev.carafe.prod;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Once a worker drains, every response that starts says {@code Connection: close}. Draining with
 * Jetty's shutdown alone closes a connection right after a response that promised keep-alive, and a
 * client that sends its next request at that moment gets a reset.
 */
final class ClosingConnections extends Handler.Wrapper {
  private volatile boolean closing;

  /** From now on, every response that starts closes its connection. */
  void close() {
    closing = true;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    return super.handle(request, new Closing(request, response), callback);
  }

  /** The response, told to close its connection if the worker drains by the time it starts. */
  private final class Closing extends Response.Wrapper {
    private boolean started;

    Closing(Request request, Response response) {
      super(request, response);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      if (!started) {
        started = true;
        if (closing) {
          getHeaders().put(HttpHeader.CONNECTION, "close");
        }
      }
      super.write(last, content, callback);
    }
  }
}
