package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kong.unirest.core.HttpResponse;

/** What a test reads off the demo's forms and answers when it sends their cookie by hand. */
final class DemoForms {
  private static final Pattern TOKEN = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

  private DemoForms() {}

  /** The CSRF token of the form on {@code page}. */
  static String token(HttpResponse<String> page) {
    Matcher m = TOKEN.matcher(page.getBody());
    assertTrue(m.find(), page.getBody());
    return m.group(1);
  }

  /** The Cookie header to send next: the session cookie this response set, else the old one. */
  static String sessionCookie(HttpResponse<String> response, String previous) {
    for (String header : response.getHeaders().get("Set-Cookie")) {
      if (header.startsWith("session=")) {
        return header.split(";", 2)[0];
      }
    }
    return previous;
  }
}
