package dev.carafe.bench.subjects;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A bare Jetty 12 handler answering the same JSON: the ceiling for anything built on Jetty. It
 * declares itself non-blocking, so Jetty may run it on the selector thread without a dispatch.
 */
public final class JettyHello {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JettyHello() {}

  /** Serves {@code GET /api/hello} on 127.0.0.1 at the port given as the only argument. */
  public static void main(String[] args) throws Exception {
    BareJetty.serve(args, new Hello());
  }

  private static final class Hello extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (!"/api/hello".equals(Request.getPathInContext(request))) {
        Response.writeError(request, response, callback, 404);
        return true;
      }
      byte[] body = MAPPER.writeValueAsBytes(Map.of("message", "Hello, World!"));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
  }
}
