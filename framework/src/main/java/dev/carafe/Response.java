package dev.carafe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response a view returns or an after-request hook changes: status, headers, cookies and a body
 * (text, bytes, a stream, or an object written as JSON).
 */
public final class Response {
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

  /** A 302 redirect. */
  public static Response redirect(String location) {
    return redirect(location, 302);
  }

  /** A redirect with a 3xx status; the location may not contain line breaks. */
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

  /** Sets a header; values with CR or LF are refused, so no one can split the response. */
  public Response header(String name, String value) {
    if (name.indexOf('\r') >= 0
        || name.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0
        || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("Header " + name.trim() + " contains a line break");
    }
    headers.put(name, value);
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

  public Response contentType(String type) {
    return header("Content-Type", type);
  }

  /** Sets a cookie, Flask's {@code response.set_cookie}; a later one of the same name wins. */
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

  /** Deletes a cookie the browser holds for the whole site, Flask's {@code delete_cookie}. */
  public Response deleteCookie(String name) {
    return cookie(Cookie.of(name, "").deleted());
  }

  /** The cookies set so far, in order. */
  public List<Cookie> cookies() {
    return Collections.unmodifiableList(cookies);
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
