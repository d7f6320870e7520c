package dev.carafe.internal;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler for the answers Jetty gives before Carafe's dispatcher runs (a malformed
 * URI, a request line or headers too large, an unknown HTTP version, a request refused while
 * stopping): the same security headers as the app's own responses, and no stack traces.
 */
public final class SecureErrorHandler extends ErrorHandler {
  private final SecurityHeaderValues headers;

  public SecureErrorHandler(SecurityHeaderValues headers) {
    this.headers = headers;
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields.Mutable fields = response.getHeaders();
    headers.addMissing(request.isSecure(), fields::contains, fields::put);
    return super.handle(request, response, callback);
  }
}
