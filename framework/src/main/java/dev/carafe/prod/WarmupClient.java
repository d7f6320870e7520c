package dev.carafe.prod;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The warm-up's HTTP/1.1 client: keep-alive, and reads answers with a Content-Length or chunked
 * (what Jetty sends for a body larger than its output buffer, such as a long rendered page). It
 * runs in the worker it warms, so it reads bytes and parses no more than it must: its own code
 * competes with the server's for the JIT.
 */
final class WarmupClient implements AutoCloseable {
  private static final byte[] CONTENT_LENGTH =
      "content-length:".getBytes(StandardCharsets.US_ASCII);
  // Jetty's only transfer coding; in a response it has to end with chunked anyway (RFC 9112).
  private static final byte[] TRANSFER_ENCODING =
      "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket = new Socket();
  private final OutputStream out;
  private final InputStream in;
  private final byte[] line = new byte[8192];
  private int sent;

  WarmupClient(int port) throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  /** The requests this connection has sent. */
  int sent() {
    return sent;
  }

  /** A GET of {@code path}, straight or with the headers the bundled nginx.conf adds. */
  static byte[] request(String path, int port, boolean proxied) {
    String headers =
        proxied
            ? "Host: localhost\r\nX-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Host: localhost\r\nX-Forwarded-Prefix: \r\nForwarded: \r\n"
                + "X-Request-Id: carafe-warmup\r\n"
            : "Host: 127.0.0.1:" + port + "\r\n";
    return ("GET " + path + " HTTP/1.1\r\n" + headers + "User-Agent: carafe-warmup\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends a request and reads the whole answer; returns its status. */
  int send(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    sent++;
    int length = readLine();
    if (length < 12) {
      throw new IOException("not an HTTP status line");
    }
    int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    long contentLength = -1;
    boolean chunked = false;
    while ((length = readLine()) > 0) {
      if (startsWith(length, CONTENT_LENGTH)) {
        contentLength = number(CONTENT_LENGTH.length, length, 10);
      } else if (startsWith(length, TRANSFER_ENCODING)) {
        chunked = true;
      }
    }
    if (chunked) {
      long size;
      do {
        size = number(0, readLine(), 16);
        in.skipNBytes(size);
        readLine(); // the CRLF after the chunk, or the end of the (empty) trailer
      } while (size > 0);
    } else if (contentLength >= 0) {
      in.skipNBytes(contentLength);
    } else {
      throw new IOException("an answer with neither Content-Length nor chunks");
    }
    return status;
  }

  /** Reads one line into {@link #line} without its CR LF; returns its length. */
  private int readLine() throws IOException {
    int length = 0;
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r' && length < line.length) {
        line[length++] = (byte) b;
      }
    }
    return length;
  }

  /**
   * Whether the line starts with {@code prefix} (lower case letters and punctuation), in any case.
   */
  private boolean startsWith(int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((line[i] | 0x20) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The number in the line from {@code from}, up to a ';' (a chunk extension) or the end. */
  private long number(int from, int to, int radix) throws IOException {
    long value = 0;
    boolean digits = false;
    for (int i = from; i < to && line[i] != ';'; i++) {
      int digit = Character.digit(line[i], radix);
      if (digit >= 0) {
        value = value * radix + digit;
        digits = true;
      } else if (line[i] != ' ' && line[i] != '\t') {
        throw new IOException("not a number in an answer's head");
      }
    }
    if (!digits) {
      throw new IOException("no number in an answer's head");
    }
    return value;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
