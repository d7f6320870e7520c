package dev.carafe.internal;

import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Carafe's default error bodies: RFC 9457 {@code application/problem+json} for clients that prefer
 * JSON, a small UTF-8 HTML page for everyone else, never a stack trace. The app's error pages and
 * the answers the servers give before an app runs share them.
 */
public final class ErrorBody {
  /** The content type of a problem+json body. */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** The content type of an HTML error page. */
  public static final String HTML = "text/html; charset=utf-8";

  private ErrorBody() {}

  /** The standard reason phrase of a status, {@code Error} for one without. */
  public static String reason(int status) {
    HttpStatus known = HttpStatus.forStatus(status);
    return known == HttpStatus.UNKNOWN ? "Error" : known.getMessage();
  }

  /** The problem+json members for a status; {@code detail} may be null. */
  public static Map<String, Object> problem(int status, String detail) {
    String title = reason(status);
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    if (detail != null && !detail.isEmpty() && !detail.equals(title)) {
      problem.put("detail", detail);
    }
    return problem;
  }

  /** The HTML page for a status; {@code detail} may be null, and is escaped. */
  public static String html(int status, String detail) {
    String title = reason(status);
    String message =
        detail == null || detail.isEmpty() || detail.equals(title) ? defaultDetail(status) : detail;
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + status
        + " "
        + escape(title)
        + "</title></head>\n<body><h1>"
        + escape(title)
        + "</h1>\n<p>"
        + escape(message)
        + "</p></body></html>\n";
  }

  private static String defaultDetail(int status) {
    return switch (status) {
      case 404 -> "The requested URL was not found on the server.";
      case 405 -> "The method is not allowed for the requested URL.";
      case 500 ->
          "The server encountered an internal error and was unable to complete your request.";
      default -> reason(status) + ".";
    };
  }

  /** True when the Accept header ranks a JSON type above HTML. */
  public static boolean prefersJson(String accept) {
    double[] ranks = ranks(accept);
    return ranks[0] > 0 && ranks[0] >= ranks[1];
  }

  /** True when the Accept header ranks HTML above JSON. */
  public static boolean prefersHtml(String accept) {
    double[] ranks = ranks(accept);
    return ranks[1] > ranks[0];
  }

  /** The best quality the Accept header gives a JSON type, and HTML. */
  private static double[] ranks(String accept) {
    double json = 0;
    double html = 0;
    if (accept == null || accept.isBlank()) {
      return new double[] {json, html};
    }
    for (String item : accept.split(",")) {
      String[] parts = item.trim().split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = 1.0;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals("application/json")
          || type.equals("application/problem+json")
          || type.endsWith("+json")) {
        json = Math.max(json, q);
      } else if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
        html = Math.max(html, q);
      }
    }
    return new double[] {json, html};
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
