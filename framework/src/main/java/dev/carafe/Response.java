package dev.carafe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A response a view returns or an after-request hook changes: status, headers, cookies and a body
 * (text, bytes, a stream, or an object written as JSON).
 */
public final class Response {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final Pattern CHARSET =
      Pattern.compile(";\\s*charset\\s*=", Pattern.CASE_INSENSITIVE);
  private static final Set<String> TEXT_APPLICATIONS =
      Set.of(
          "application/ecmascript",
          "application/javascript",
          "application/sql",
          "application/xml",
          "application/xml-dtd",
          "application/xml-external-parsed-entity");

  private int status;
  private Object body;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final List<Cookie> cookies = new ArrayList<>();
  private final boolean keepsContextBody;

  private Response(int status, Object body, boolean keepsContextBody) {
    this.status = status;
    this.body = body;
    this.keepsContextBody = keepsContextBody;
  }

  /** A 200 response with this body. */
  public static Response of(Object body) {
    return new Response(200, body, false);
  }

  /** A response with this status and body. */
  public static Response of(int status, Object body) {
    return new Response(checkStatus(status), body, false);
  }

  /** An empty response with this status. */
  public static Response empty(int status) {
    return new Response(checkStatus(status), "", false);
  }

  /** A 302 redirect, Flask's {@code redirect(location)}; any URL, sent percent-encoded. */
  public static Response redirect(String location) {
    return redirect(location, 302);
  }

  /**
   * A redirect with a 3xx status. A location with non-ASCII characters is sent percent-encoded, as
   * Werkzeug does; one with line breaks is refused.
   */
  public static Response redirect(String location, int status) {
    if (status < 300 || status > 399) {
      throw new IllegalArgumentException("A redirect needs a 3xx status, got " + status);
    }
    return new Response(status, "", false).header("Location", location);
  }

  /** A response standing for what the handler already wrote to the context. */
  static Response fromContext(int status) {
    return new Response(status, null, true);
  }

  public int status() {
    return status;
  }

  public Response status(int status) {
    this.status = checkStatus(status);
    return this;
  }

  /** The body: a String, byte[], InputStream, or an object to write as JSON. */
  public Optional<Object> body() {
    return Optional.ofNullable(body);
  }

  public Response body(Object body) {
    this.body = body;
    return this;
  }

  /**
   * Sets a header. {@code Location} and {@code Content-Location} may hold any URL: it is sent
   * percent-encoded, as Werkzeug's {@code iri_to_uri} does ({@code /café} goes out as {@code
   * /caf%C3%A9}). A text {@code Content-Type} that names no charset gets {@code ; charset=utf-8}.
   * Any other value must be ASCII: a line break (which could split the response), a control or a
   * non-ASCII character is refused with an error naming the header, never sent mangled.
   */
  public Response header(String name, String value) {
    if (!TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0
              ? "Header " + name.trim() + " contains a line break"
              : "'" + name + "' is not a header name: use letters, digits and -");
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("Header " + name + " contains a line break");
    }
    String sent =
        switch (name.toLowerCase(Locale.ROOT)) {
          case "location" -> IriToUri.convertUnlessAscii(value);
          case "content-location" -> IriToUri.convert(value);
          case "content-type" -> withCharset(value);
          default -> value;
        };
    sent.chars()
        .filter(c -> (c < 0x20 && c != '\t') || c >= 0x7f)
        .findFirst()
        .ifPresent(
            c -> {
              throw new IllegalArgumentException(
                  String.format(
                      Locale.ROOT,
                      "Header %s contains %s U+%04X: header values are ASCII. Percent-encode"
                          + " it, or for a download's file name use SendFile.asAttachment.",
                      name,
                      c < 0x20 || c == 0x7f ? "the control character" : "the non-ASCII character",
                      c));
            });
    headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    headers.put(name, sent);
    return this;
  }

  public Optional<String> header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  public Response removeHeader(String name) {
    headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    return this;
  }

  /** The headers set so far, in order. */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }

  /**
   * Sets the Content-Type, Flask's {@code mimetype}: text types that name no charset get {@code ;
   * charset=utf-8}, the encoding Carafe writes text in.
   */
  public Response contentType(String type) {
    return header("Content-Type", type);
  }

  /**
   * Sets a cookie, Flask's {@code response.set_cookie}; a later one of the same name, path and
   * domain wins.
   */
  public Response cookie(Cookie cookie) {
    cookies.removeIf(
        c ->
            c.name().equals(cookie.name())
                && c.path().equals(cookie.path())
                && c.domain().equals(cookie.domain()));
    cookies.add(cookie);
    return this;
  }

  /** Sets a cookie for the whole site that lasts until the browser closes. */
  public Response cookie(String name, String value) {
    return cookie(Cookie.of(name, value));
  }

  /**
   * Deletes a cookie the browser holds for the whole site, Flask's {@code delete_cookie(name)}: an
   * empty value that expired in 1970, {@code Max-Age=0}.
   */
  public Response deleteCookie(String name) {
    return cookie(Cookie.of(name, "").deleted());
  }

  /**
   * Deletes a cookie set for this path and domain, Flask's {@code delete_cookie(name, path,
   * domain)}.
   */
  public Response deleteCookie(String name, String path, String domain) {
    return cookie(Cookie.of(name, "").withPath(path).withDomain(domain).deleted());
  }

  /**
   * Deletes the cookie set as {@code like} was: the same name, path, domain, {@code Secure} and
   * {@code SameSite} (browsers ignore a {@code SameSite=None} cookie without {@code Secure}, even
   * one that deletes).
   */
  public Response deleteCookie(Cookie like) {
    return cookie(like.deleted());
  }

  /** The cookies set so far, in order. */
  public List<Cookie> cookies() {
    return Collections.unmodifiableList(cookies);
  }

  /**
   * The content type with {@code ; charset=utf-8} added when it is text that names no charset:
   * {@code text/*}, XML and JavaScript, the types Werkzeug's {@code get_content_type} marks.
   */
  static String withCharset(String contentType) {
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    boolean text =
        media.startsWith("text/") || media.endsWith("+xml") || TEXT_APPLICATIONS.contains(media);
    return text && !CHARSET.matcher(contentType).find()
        ? contentType + "; charset=utf-8"
        : contentType;
  }

  /** True when the view returned nothing and the context holds the body. */
  boolean keepsContextBody() {
    return keepsContextBody && body == null;
  }

  private static int checkStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("Not an HTTP status: " + status);
    }
    return status;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Response[%d %s]", status, headers);
  }
}
