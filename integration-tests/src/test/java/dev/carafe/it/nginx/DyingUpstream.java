package dev.carafe.it.nginx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app worker that dies mid-request on demand: it reads the whole request, then resets the
 * connection without answering, as a crashed or killed process does. Otherwise it answers 200.
 */
final class DyingUpstream implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger connectionsToKill = new AtomicInteger();
  private final AtomicInteger requestsReceived = new AtomicInteger();
  private final Thread acceptor;

  private DyingUpstream(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::serve, "dying-upstream");
    acceptor.setDaemon(true);
  }

  static DyingUpstream start() throws IOException {
    DyingUpstream upstream =
        new DyingUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    upstream.acceptor.start();
    return upstream;
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** The next {@code count} connections die after reading their request. */
  void dieOnNext(int count) {
    connectionsToKill.set(count);
  }

  /** Requests read completely so far, answered or not. */
  int requestsReceived() {
    return requestsReceived.get();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        readRequest(socket.getInputStream());
        requestsReceived.incrementAndGet();
        if (connectionsToKill.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          socket.setSoLinger(true, 0); // close with a reset, not a FIN
          continue;
        }
        OutputStream out = socket.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // closed by the test, or nginx gave up on a connection: accept the next
      }
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the request head");
      }
      head.write(b);
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes((int) length);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
