package dev.carafe.bench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The raw connection against a loopback socket that answers with canned bytes. */
class HttpConnectionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Accepts one connection, reads the request head, and writes {@code answer}. */
  private static Target serve(ServerSocket server, String answer) {
    Thread thread =
        new Thread(
            () -> {
              try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                int matched = 0;
                while (matched < 4) {
                  int c = in.read();
                  if (c < 0) {
                    return;
                  }
                  matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
                }
                OutputStream out = socket.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.shutdownOutput();
                in.readAllBytes();
              } catch (IOException ignored) {
                // the test has what it needs
              }
            });
    thread.setDaemon(true);
    thread.start();
    return new Target("test", "127.0.0.1", server.getLocalPort(), 1, Target.Kind.DEV);
  }

  private static HttpAnswer get(Target target) throws IOException {
    try (HttpConnection connection = HttpConnection.open(target, TIMEOUT)) {
      return connection.exchange(
          HttpConnection.head(target, "GET", "/", List.of(), -1), new byte[0], TIMEOUT);
    }
  }

  @Test
  void readsChunkedBodiesAndEveryValueOfARepeatedHeader() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Target target =
          serve(
              server,
              "HTTP/1.1 200 OK\r\nX-Request-Id: a\r\nx-request-id: b\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n7;ext=1\r\n, World\r\n0\r\n\r\n");
      HttpAnswer answer = get(target);
      assertEquals(200, answer.status());
      assertEquals("Hello, World", answer.body());
      assertEquals(List.of("a", "b"), answer.all("x-request-id"));
    }
  }

  @Test
  void readsALengthDelimitedBodyAndKeepsTheConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Target target = serve(server, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\nno");
      try (HttpConnection connection = HttpConnection.open(target, TIMEOUT)) {
        HttpAnswer answer =
            connection.exchange(
                HttpConnection.head(target, "GET", "/", List.of(), -1), new byte[0], TIMEOUT);
        assertEquals(401, answer.status());
        assertEquals("no", answer.body());
        assertFalse(answer.letThrough());
        assertTrue(connection.reusable());
        assertTrue(connection.reused());
      }
    }
  }

  @Test
  void aBodyUntilTheEndMakesTheConnectionSingleUse() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Target target = serve(server, "HTTP/1.1 302 Found\r\nLocation: /\r\n\r\nmoved");
      try (HttpConnection connection = HttpConnection.open(target, TIMEOUT)) {
        HttpAnswer answer =
            connection.exchange(
                HttpConnection.head(target, "GET", "/", List.of(), -1), new byte[0], TIMEOUT);
        assertEquals("moved", answer.body());
        assertTrue(answer.letThrough());
        assertFalse(connection.reusable());
      }
    }
  }

  @Test
  void aSilentServerIsATimeoutNotAHang() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Target target = new Target("test", "127.0.0.1", server.getLocalPort(), 1, Target.Kind.DEV);
      try (HttpConnection connection = HttpConnection.open(target, TIMEOUT)) {
        connection.write(HttpConnection.head(target, "GET", "/", List.of(), -1));
        assertThrows(SocketTimeoutException.class, () -> connection.read(Duration.ofMillis(200)));
      }
    }
  }

  @Test
  void onlyLoopbackTargetsAreAccepted() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Target("far", "192.0.2.1", 80, 1, Target.Kind.PROD));
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
  }
}
