package dev.carafe.it.parity;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One server as a row's client sees it: requests over HTTP/1.1, redirects not followed, and a
 * cookie jar that sends back what the server set, verbatim, as a browser does (by name only: no row
 * needs paths or domains). A fresh one per row, so no row sees another's cookies.
 */
final class Browser {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** What a server answered: header names in lower case, the body as UTF-8 text. */
  record Reply(int status, Map<String, List<String>> headers, String body, String origin) {
    List<String> header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }

  private final String origin;
  private final Map<String, String> jar = new LinkedHashMap<>();
  private final List<String> exchanges = new ArrayList<>();

  Browser(String origin) {
    this.origin = origin;
  }

  Reply get(String path, String... headerPairs) throws IOException, InterruptedException {
    return send("GET", path, "", "", headerPairs);
  }

  Reply post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send("POST", path, contentType, body);
  }

  /** A request java.net.http can express: a well-formed target, any method. */
  Reply send(String method, String path, String contentType, String body, String... headerPairs)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (!contentType.isEmpty()) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    cookieHeader().ifPresent(cookies -> request.header("Cookie", cookies));
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    Map<String, List<String>> headers = new TreeMap<>();
    response
        .headers()
        .map()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
    return remember(
        method + " " + path, new Reply(response.statusCode(), headers, response.body(), origin));
  }

  /**
   * A GET whose target goes on the wire exactly as written, for what {@link URI} refuses to build
   * (a malformed escape such as {@code %ZZ}). HTTP/1.0, so the answer ends when the server closes.
   */
  Reply raw(String target) throws IOException {
    URI uri = URI.create(origin);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "GET " + target + " HTTP/1.0\r\nHost: " + uri.getAuthority() + "\r\n" + cookieLine();
      out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return remember("GET " + target, parse(socket.getInputStream().readAllBytes()));
    }
  }

  private Reply parse(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    String[] lines = all.substring(0, end < 0 ? all.length() : end).split("\r\n");
    Map<String, List<String>> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(bytes, end + 4, bytes.length);
    return new Reply(
        Integer.parseInt(lines[0].split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8),
        origin);
  }

  private Optional<String> cookieHeader() {
    if (jar.isEmpty()) {
      return Optional.empty();
    }
    List<String> pairs = new ArrayList<>();
    jar.forEach((name, value) -> pairs.add(name + "=" + value));
    return Optional.of(String.join("; ", pairs));
  }

  private String cookieLine() {
    return cookieHeader().map(cookies -> "Cookie: " + cookies + "\r\n").orElse("");
  }

  /** The requests sent so far with the status of each answer, e.g. {@code GET /x → 200}. */
  List<String> exchanges() {
    return List.copyOf(exchanges);
  }

  /** Keeps the cookies a reply set and forgets the ones it deleted (an expiry in the past). */
  private Reply remember(String request, Reply reply) {
    exchanges.add(request + " → " + reply.status());
    for (String setCookie : reply.header("Set-Cookie")) {
      SetCookie cookie = SetCookie.parse(setCookie);
      if (cookie.expired()) {
        jar.remove(cookie.name());
      } else {
        jar.put(cookie.name(), cookie.value());
      }
    }
    return reply;
  }
}
