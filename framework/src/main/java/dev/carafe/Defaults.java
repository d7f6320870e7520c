package dev.carafe;

import java.util.LinkedHashMap;
import java.util.Map;

/** Carafe's own configuration keys and their defaults; the reference docs list the same. */
final class Defaults {
  static final Map<String, String> VALUES;

  static {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("mode", "development");
    v.put("host", "127.0.0.1");
    v.put("port", "5000");
    v.put("forwarded_allow_ips", "127.0.0.1,::1");
    v.put("max_content_length", String.valueOf(16 * 1024 * 1024));
    v.put("max_request_header_size", "8192");
    v.put("static_url_path", "/static");
    v.put("static_folder", "static");
    v.put("template_folder", "templates");
    v.put("health_endpoints", "true");
    v.put("preferred_url_scheme", "http");
    VALUES = Map.copyOf(v);
  }

  private Defaults() {}
}
