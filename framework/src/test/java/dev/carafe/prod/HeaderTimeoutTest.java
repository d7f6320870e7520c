package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The header timeout on a real Jetty connector, with a client that writes byte by byte. */
class HeaderTimeoutTest {
  private static final Duration LIMIT = Duration.ofSeconds(1);

  private Server server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setIdleTimeout(30_000);
    connector.addBean(new HeaderTimeout(LIMIT));
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            long length = Content.Source.asByteBuffer(request).remaining();
            Content.Sink.write(response, true, "read " + length, callback);
            return true;
          }
        });
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void headersTrickledPastTheLimitCloseTheConnection() throws Exception {
    try (Socket slowloris = connect()) {
      OutputStream out = slowloris.getOutputStream();
      long started = System.nanoTime();
      boolean closed = false;
      for (byte b :
          "GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII)) {
        try {
          out.write(b);
          out.flush();
        } catch (SocketException reset) {
          closed = true;
          break;
        }
        Thread.sleep(200);
        if (isClosed(slowloris)) {
          closed = true;
          break;
        }
      }
      assertTrue(closed, "the server kept a connection whose headers took over " + LIMIT);
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(LIMIT) >= 0);
    }
  }

  @Test
  void aConnectionThatNeverSendsAByteIsClosedToo() throws Exception {
    try (Socket silent = connect()) {
      silent.setSoTimeout(10_000);
      assertEquals(-1, silent.getInputStream().read());
    }
  }

  @Test
  void aKeepAliveConnectionMayWaitQuietlyForItsNextRequest() throws Exception {
    try (Socket client = connect()) {
      assertTrue(exchange(client, "").contains("read 0"));
      Thread.sleep(LIMIT.multipliedBy(5).toMillis() / 2);
      assertTrue(exchange(client, "").contains("read 0"), "a quiet keep-alive connection was cut");
    }
  }

  @Test
  void aSlowBodyIsNotTheHeaderTimeoutsBusiness() throws Exception {
    try (Socket client = connect()) {
      OutputStream out = client.getOutputStream();
      out.write(
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 10; i++) {
        Thread.sleep(250);
        out.write('x');
        out.flush();
      }
      assertTrue(readResponse(client).contains("read 10"));
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static boolean isClosed(Socket socket) throws IOException {
    socket.setSoTimeout(1);
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException open) {
      return false;
    } catch (SocketException reset) {
      return true;
    } finally {
      socket.setSoTimeout(5_000);
    }
  }

  private static String exchange(Socket socket, String body) throws IOException {
    socket
        .getOutputStream()
        .write(
            ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
    return readResponse(socket);
  }

  /** Reads one response whose body is short and ends the read (no chunking in these tests). */
  private static String readResponse(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[1024];
    while (!text.toString().matches("(?s).*\r\n\r\n.*read \\d+")) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
    }
    return text.toString();
  }
}
