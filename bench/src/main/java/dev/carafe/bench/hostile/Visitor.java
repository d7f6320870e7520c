package dev.carafe.bench.hostile;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A visitor of the demo's pages: keeps its cookies, reads the CSRF token out of forms, and posts
 * them back, one connection per request.
 */
final class Visitor {
  static final String FORM = "application/x-www-form-urlencoded";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern TOKEN = Pattern.compile("name=\"csrf_token\"\\s+value=\"([^\"]*)\"");

  private final Target target;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  Visitor(Target target) {
    this.target = target;
  }

  /** The cookies this visitor sends, as a Cookie header's value. */
  String cookieHeader() {
    return cookies.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; "));
  }

  /** Replaces every cookie with those of {@code header} (a Cookie header's value). */
  void cookies(String header) {
    cookies.clear();
    for (String pair : header.split(";\\s*")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
  }

  HttpAnswer get(String path) throws IOException {
    return send("GET", path, List.of(), new byte[0]);
  }

  /** The CSRF token of the form on {@code path}. */
  String token(String path) throws IOException {
    HttpAnswer page = get(path);
    Matcher m = TOKEN.matcher(page.body());
    if (!m.find()) {
      throw new IOException(
          "No csrf_token on " + path + " (" + page.status() + "): " + abbreviate(page.body()));
    }
    return m.group(1);
  }

  /** Posts {@code fields} as a form with the given content type. */
  HttpAnswer post(String path, String contentType, Map<String, String> fields) throws IOException {
    return send(
        "POST",
        path,
        List.of("Content-Type: " + contentType),
        encode(fields).getBytes(StandardCharsets.US_ASCII));
  }

  /** Fills in the form on {@code formPath} (its token included) and posts it to {@code path}. */
  HttpAnswer submit(String formPath, String path, Map<String, String> fields) throws IOException {
    Map<String, String> withToken = new LinkedHashMap<>(fields);
    withToken.put("csrf_token", token(formPath));
    return post(path, FORM, withToken);
  }

  /** Registers {@code username}; an answer other than a redirect (to log in) is a failure. */
  void register(String username, String password) throws IOException {
    HttpAnswer answer =
        submit(
            "/auth/register", "/auth/register", Map.of("username", username, "password", password));
    if (answer.status() / 100 != 3) {
      throw new IOException(
          "Could not register "
              + username
              + ": "
              + answer.status()
              + " "
              + abbreviate(answer.body()));
    }
  }

  /** Logs in; the visitor's session is then that user's. */
  void logIn(String username, String password) throws IOException {
    HttpAnswer answer =
        submit("/auth/login", "/auth/login", Map.of("username", username, "password", password));
    if (answer.status() / 100 != 3) {
      throw new IOException(
          "Could not log in as "
              + username
              + ": "
              + answer.status()
              + " "
              + abbreviate(answer.body()));
    }
  }

  HttpAnswer send(String method, String path, List<String> headers, byte[] body)
      throws IOException {
    List<String> all = new ArrayList<>(headers);
    all.add("Connection: close");
    if (!cookies.isEmpty()) {
      all.add("Cookie: " + cookieHeader());
    }
    try (HttpConnection connection = HttpConnection.open(target, TIMEOUT)) {
      HttpAnswer answer =
          connection.exchange(
              HttpConnection.head(
                  target, method, path, all, method.equals("GET") ? -1 : body.length),
              body,
              TIMEOUT);
      for (String setCookie : answer.all("set-cookie")) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq > 0) {
          String value = pair.substring(eq + 1);
          boolean expired =
              value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0");
          if (expired) {
            cookies.remove(pair.substring(0, eq));
          } else {
            cookies.put(pair.substring(0, eq), value);
          }
        }
      }
      return answer;
    }
  }

  static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
  }
}
