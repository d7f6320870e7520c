package dev.carafe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carafe's own configuration keys and their defaults, the one place a default is written: every
 * {@link Config} starts from them, so code reads these keys without a fallback. The reference docs
 * list the same.
 */
final class Defaults {
  static final Map<String, String> VALUES;

  static {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("mode", "development");
    v.put("host", "127.0.0.1");
    v.put("port", "5000");
    v.put("forwarded_allow_ips", "127.0.0.1,::1");
    // How many trusted proxies set each X-Forwarded-* header (Werkzeug's ProxyFix x_for, ...).
    v.put("forwarded_for_hops", "1");
    v.put("forwarded_proto_hops", "1");
    v.put("forwarded_host_hops", "1");
    v.put("forwarded_port_hops", "0");
    v.put("forwarded_prefix_hops", "1");
    v.put("max_content_length", String.valueOf(16 * 1024 * 1024));
    v.put("max_form_memory_size", "500000");
    v.put("max_form_parts", "1000");
    v.put("body_memory_budget", String.valueOf(32 * 1024 * 1024));
    v.put("upload_temp_folder", "");
    v.put("min_request_body_rate", "240");
    v.put("max_request_header_size", "8192");
    v.put("static_url_path", "/static");
    v.put("static_folder", "static");
    v.put("template_folder", "templates");
    v.put("health_endpoints", "true");
    v.put("preferred_url_scheme", "http");
    v.put("session_cookie_name", "session");
    v.put("session_cookie_path", "/");
    v.put("session_cookie_httponly", "true");
    v.put("session_cookie_samesite", "Lax");
    v.put("permanent_session_lifetime", "31d");
    v.put("session_refresh_each_request", "true");
    v.put("csrf_enabled", "true");
    v.put("security_headers", "true");
    v.put("x_content_type_options", "nosniff");
    v.put("x_frame_options", "SAMEORIGIN");
    v.put("content_security_policy", "frame-ancestors 'self'");
    v.put("referrer_policy", "strict-origin-when-cross-origin");
    // The production server's timeouts, in seconds. A request gets less time than a worker's pool
    // may go without finishing one (see ProdConfig), and a worker's connections idle longer than
    // nginx's upstream keep-alive.
    v.put("timeout", "30");
    v.put("request_timeout", "20");
    v.put("graceful_timeout", "30");
    v.put("idle_timeout", "75");
    v.put("header_timeout", "20");
    VALUES = Map.copyOf(v);
  }

  private Defaults() {}
}
