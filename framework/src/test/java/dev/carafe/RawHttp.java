package dev.carafe;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.net.Socket;
import java.util.Locale;

/** One request written as bytes, for what HTTP clients refuse to send (bad URIs, no Host). */
public final class RawHttp {
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
}
