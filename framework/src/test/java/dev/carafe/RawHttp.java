package dev.carafe;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Requests written as bytes, for what HTTP clients refuse to send (bad URIs, no Host) and for
 * clients no HTTP library would be (slow or stalled bodies).
 */
public final class RawHttp {
  /** The boundary of {@link #multipart}'s bodies. */
  public static final String BOUNDARY = "----carafe";

  private RawHttp() {}

  /** Sends {@code request} (request line and headers, CRLF-terminated) and reads to the close. */
  public static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
    }
  }

  /** The status code of a raw response. */
  public static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  /** Whether the head of a raw response has the header line {@code name: value}. */
  public static boolean hasHeader(String response, String name, String value) {
    String head = response.split("\r\n\r\n", 2)[0].toLowerCase(Locale.ROOT);
    return head.contains("\r\n" + (name + ": " + value).toLowerCase(Locale.ROOT) + "\r\n")
        || head.endsWith("\r\n" + (name + ": " + value).toLowerCase(Locale.ROOT));
  }

  /** The body of a raw response, its chunks joined when it came chunked. */
  public static String body(String response) {
    String[] headAndBody = response.split("\r\n\r\n", 2);
    String body = headAndBody.length < 2 ? "" : headAndBody[1];
    if (!hasHeader(response, "Transfer-Encoding", "chunked")) {
      return body;
    }
    StringBuilder joined = new StringBuilder();
    for (int at = 0; ; ) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return joined.toString();
      }
      joined.append(body, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  /** A multipart body with one file part of {@code size} bytes. */
  public static String multipart(int size) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n\r\n"
        + "x".repeat(size)
        + "\r\n--"
        + BOUNDARY
        + "--\r\n";
  }

  /** The head of a POST with a declared length. */
  public static String head(String path, String type, int length) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
        + type
        + "\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  public static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** What the server answers before it closes the connection; fails if it stays open a minute. */
  public static String answer(Socket socket) throws IOException {
    socket.setSoTimeout(60_000);
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        answer.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException open) {
      throw new AssertionError("The connection was not closed; it answered: " + answer, open);
    } catch (SocketException reset) {
      // cut: what arrived is the answer
    }
    return answer.toString(StandardCharsets.UTF_8);
  }
}
