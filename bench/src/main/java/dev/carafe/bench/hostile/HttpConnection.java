package dev.carafe.bench.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 connection over a plain socket, byte for byte what the attacks need to send (a body
 * that stalls, a header a library would refuse), with every read bounded by a deadline.
 */
final class HttpConnection implements AutoCloseable {
  /** The most body bytes an answer keeps; the rest is read and dropped. */
  private static final int KEEP = 1 << 20;

  private static final ScheduledExecutorService REAPER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "connection-reaper");
            t.setDaemon(true);
            return t;
          });

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private volatile boolean expired;
  private boolean reusable = true;
  private int answers;

  private HttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = socket.getOutputStream();
  }

  /** Connects to the target, waiting at most {@code timeout}. */
  static HttpConnection open(Target target, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(target.host(), target.port()), millis(timeout));
      return new HttpConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Connects, and closes the connection after {@code life} whatever it is doing: a write to a
   * server that stopped reading would otherwise block for good.
   */
  static HttpConnection open(Target target, Duration timeout, Duration life) throws IOException {
    HttpConnection connection = open(target, timeout);
    REAPER.schedule(connection::expire, life.toMillis(), TimeUnit.MILLISECONDS);
    return connection;
  }

  /** The head of a request: request line, Host, the given header lines, Content-Length if any. */
  static byte[] head(
      Target target, String method, String path, List<String> headers, long contentLength) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(target.host()).append(':').append(target.port()).append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    if (contentLength >= 0) {
      head.append("Content-Length: ").append(contentLength).append("\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends a whole request and reads its answer. */
  HttpAnswer exchange(byte[] head, byte[] body, Duration timeout) throws IOException {
    out.write(head);
    if (body.length > 0) {
      out.write(body);
    }
    out.flush();
    return read(timeout);
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** True when the server has sent something (an early answer, or the end of the connection). */
  boolean serverSpoke() throws IOException {
    if (in.available() > 0) {
      return true;
    }
    socket.setSoTimeout(1);
    in.mark(1);
    try {
      if (in.read() < 0) {
        return true;
      }
      in.reset();
      return true;
    } catch (SocketTimeoutException silent) {
      return false;
    }
  }

  /** Reads one answer; fails when it is not complete within {@code timeout}. */
  HttpAnswer read(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String statusLine = line(deadline);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("Not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(deadline); !line.isEmpty(); line = line(deadline)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
    }
    HttpAnswer answer = new HttpAnswer(status, headers, "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (status / 100 == 1 || status == 204 || status == 304) {
      // no body
    } else if (answer.header("transfer-encoding").orElse("").contains("chunked")) {
      for (long size = chunkSize(line(deadline)); size > 0; size = chunkSize(line(deadline))) {
        copy(size, body, deadline);
        line(deadline);
      }
      for (String trailer = line(deadline); !trailer.isEmpty(); trailer = line(deadline)) {
        // trailers are dropped
      }
    } else if (answer.header("content-length").isPresent()) {
      copy(Long.parseLong(answer.header("content-length").get()), body, deadline);
    } else {
      copy(Long.MAX_VALUE, body, deadline);
      reusable = false;
    }
    if (answer.header("connection").orElse("").equalsIgnoreCase("close")) {
      reusable = false;
    }
    answers++;
    return new HttpAnswer(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  /** False once the server said it closes the connection. */
  boolean reusable() {
    return reusable && !socket.isClosed();
  }

  /** True when an answer came over this connection before. */
  boolean reused() {
    return answers > 0;
  }

  private static long chunkSize(String line) throws IOException {
    String size = line.split(";", 2)[0].trim();
    try {
      return Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw new IOException("Bad chunk size: " + line);
    }
  }

  private void copy(long length, ByteArrayOutputStream body, long deadline) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long left = length;
    while (left > 0) {
      arm(deadline);
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        if (length == Long.MAX_VALUE) {
          return;
        }
        throw new IOException("The connection ended inside an answer's body");
      }
      if (body.size() < KEEP) {
        body.write(buffer, 0, Math.min(n, KEEP - body.size()));
      }
      left -= n;
    }
  }

  private String line(long deadline) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      arm(deadline);
      int c = in.read();
      if (c < 0) {
        throw new IOException("The connection ended before the answer did");
      }
      if (c == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      if (line.size() > 64 * 1024) {
        throw new IOException("An answer's line is over 64 KB");
      }
      line.write(c);
    }
  }

  /** Bounds the next read by what is left of the deadline. */
  private void arm(long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("No complete answer in time");
    }
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private void expire() {
    if (!socket.isClosed()) {
      expired = true;
      close();
    }
  }

  /** True when this connection outlived the life it was opened with, and was closed for it. */
  boolean expired() {
    return expired;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all that was asked
    }
  }
}
