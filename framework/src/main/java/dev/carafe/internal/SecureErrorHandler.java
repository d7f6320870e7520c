package dev.carafe.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Carafe's error pages for the answers a server gives before an app runs (a malformed request line,
 * URI or header, a request line or headers too large, an unknown HTTP version, a request refused
 * while stopping): the same bodies as the app's own error pages ({@link ErrorBody}, HTML or
 * problem+json as the client prefers, UTF-8), the same security headers, no stack traces. No app
 * code runs for these, so an app's error handlers are not called.
 */
public final class SecureErrorHandler extends ErrorHandler {
  private final SecurityHeaderValues headers;

  public SecureErrorHandler(SecurityHeaderValues headers) {
    this.headers = headers;
    setShowStacks(false);
    setShowCauses(false);
  }

  /** The error pages of {@code server}: Carafe's when it set them, else ones without headers. */
  public static SecureErrorHandler of(Server server) {
    return server.getErrorHandler() instanceof SecureErrorHandler pages
        ? pages
        : new SecureErrorHandler(SecurityHeaderValues.from(false, name -> Optional.empty()));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String message = (String) request.getAttribute(ERROR_MESSAGE);
    if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException refused) {
      status = refused.getCode();
      message = message == null ? refused.getReason() : message;
    }
    if (status == HttpStatus.UPGRADE_REQUIRED_426) {
      // Jetty's answer to "HTTP/2.0" in a request line, without the Upgrade header a 426 must
      // carry: the request speaks a version this connector does not, which is a 505 (as
      // Werkzeug's).
      status = HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505;
    }
    response.getHeaders().put(ERROR_CACHE_CONTROL);
    // Jetty's messages name what was wrong with the request ("No Host", "Bad UTF-8 encoding");
    // past 499 the page says only the status, as the app's own error pages do.
    ByteBuffer body = page(request, response, status, status < 500 ? message : null);
    if (HttpStatus.hasNoBody(status)) {
      callback.succeeded();
    } else {
      response.write(true, body, callback);
    }
    return true;
  }

  /**
   * Sets {@code status}, the security headers and the content type of Carafe's error page for this
   * request on {@code response}, and returns the page to write: problem+json when the client
   * prefers JSON (or sent JSON and does not prefer HTML), HTML otherwise. {@code detail} may be
   * null.
   */
  public ByteBuffer page(Request request, Response response, int status, String detail) {
    response.setStatus(status);
    HttpFields.Mutable fields = response.getHeaders();
    headers.addMissing(request.isSecure(), fields::contains, fields::put);
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    boolean json =
        ErrorBody.prefersJson(accept)
            || (isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))
                && !ErrorBody.prefersHtml(accept));
    if (json) {
      fields.put(HttpHeader.CONTENT_TYPE, ErrorBody.PROBLEM_JSON);
      try {
        return ByteBuffer.wrap(Json.mapper().writeValueAsBytes(ErrorBody.problem(status, detail)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("A problem+json body of strings failed to serialize.", e);
      }
    }
    fields.put(HttpHeader.CONTENT_TYPE, ErrorBody.HTML);
    return ByteBuffer.wrap(ErrorBody.html(status, detail).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }
}
