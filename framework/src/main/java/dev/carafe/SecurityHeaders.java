package dev.carafe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds protective response headers unless a view set its own: no MIME sniffing, no framing by other
 * sites, a referrer policy that keeps paths on this site. Each one is a configuration key; an empty
 * value turns it off, {@code security_headers=false} turns them all off.
 */
final class SecurityHeaders {
  private SecurityHeaders() {}

  static void install(Carafe app) {
    Config config = app.config();
    if (!config.getBool("security_headers")) {
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    put(headers, "X-Content-Type-Options", config.require("x_content_type_options"));
    put(headers, "X-Frame-Options", config.require("x_frame_options"));
    put(headers, "Content-Security-Policy", config.require("content_security_policy"));
    put(headers, "Referrer-Policy", config.require("referrer_policy"));
    String hsts = config.get("strict_transport_security").orElse("");
    app.afterRequest(
        (request, response) -> {
          headers.forEach(
              (name, value) -> {
                if (response.header(name).isEmpty()) {
                  response.header(name, value);
                }
              });
          // HSTS means something only on HTTPS; over plain HTTP browsers ignore it anyway.
          if (!hsts.isEmpty()
              && "https".equals(request.scheme())
              && response.header("Strict-Transport-Security").isEmpty()) {
            response.header("Strict-Transport-Security", hsts);
          }
        });
  }

  private static void put(Map<String, String> headers, String name, String value) {
    if (!value.isBlank()) {
      headers.put(name, value.trim());
    }
  }
}
