package dev.carafe;

import dev.carafe.internal.SecurityHeaderValues;

/**
 * Adds protective response headers unless a view set its own: no MIME sniffing, no framing by other
 * sites, a referrer policy that keeps paths on this site. Each one is a configuration key; an empty
 * value turns it off, {@code security_headers=false} turns them all off. Jetty's own error answers
 * get the same ones ({@link dev.carafe.internal.SecureErrorHandler}).
 */
final class SecurityHeaders {
  private SecurityHeaders() {}

  static SecurityHeaderValues of(Config config) {
    return SecurityHeaderValues.from(config.getBool("security_headers"), config::get);
  }

  static void install(Carafe app) {
    if (!app.config().getBool("security_headers")) {
      return;
    }
    SecurityHeaderValues headers = of(app.config());
    app.afterRequest(
        (request, response) ->
            headers.addMissing(
                () -> "https".equals(request.scheme()),
                name -> response.header(name).isPresent(),
                response::header));
  }
}
