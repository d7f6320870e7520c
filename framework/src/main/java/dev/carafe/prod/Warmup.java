package dev.carafe.prod;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a new worker before it binds the shared port: keep-alive requests over a private loopback
 * socket run the very code clients will (selector, HTTP parsing, the request guard, Javalin, the
 * app, Jackson) until the JIT has compiled it, so the first clients do not meet a cold JVM. The
 * shared port cannot be used: the kernel hands a listener clients the moment it binds.
 */
final class Warmup {
  /** The name of the private connector the warm-up uses; its requests are not logged or counted. */
  static final String CONNECTOR = "carafe-warmup";

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final int CLIENTS = 4;

  private Warmup() {}

  /**
   * Sends {@code requests} GETs spread over {@code paths} to {@code port}; stops at {@code limit}.
   */
  static void run(int port, List<String> paths, int requests, Duration limit)
      throws InterruptedException {
    if (requests <= 0 || paths.isEmpty()) {
      return;
    }
    List<String> answering = new ArrayList<>();
    for (String path : paths) {
      try (Client client = new Client(port)) {
        int status = client.get(path);
        if (status >= 200 && status < 400) {
          answering.add(path);
        } else {
          LOG.warn(
              "Warm-up path {} answers {}; warming the others (check warmup_paths)", path, status);
        }
      } catch (IOException e) {
        LOG.warn("Warm-up request to {} failed; warming the others: {}", path, e.toString());
      }
    }
    if (answering.isEmpty()) {
      LOG.warn("No warm-up path answers 2xx or 3xx: the worker starts cold");
      return;
    }
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    AtomicInteger next = new AtomicInteger();
    Thread[] threads = new Thread[CLIENTS];
    for (int t = 0; t < CLIENTS; t++) {
      threads[t] =
          new Thread(
              () -> {
                try (Client client = new Client(port)) {
                  int i;
                  while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                    client.get(answering.get(i % answering.size()));
                  }
                } catch (IOException e) {
                  LOG.debug("Warm-up client stopped: {}", e.toString());
                }
              },
              "carafe-warmup-" + t);
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    LOG.info(
        "Warmed up with {} requests in {} ms",
        Math.min(next.get(), requests),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /**
   * A minimal keep-alive HTTP/1.1 client: reads answers with a Content-Length or chunked (what
   * Jetty sends for a body larger than its output buffer, such as a long rendered page).
   */
  private static final class Client implements AutoCloseable {
    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;

    Client(int port) throws IOException {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends a GET and reads the whole answer; returns its status. */
    int get(String path) throws IOException {
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: carafe-warmup\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = readHead();
      int status = Integer.parseInt(head.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(line.substring("content-length:".length()).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      if (chunked) {
        skipChunks();
      } else if (length >= 0) {
        in.skipNBytes(length);
      } else {
        throw new IOException("answer from " + path + " with neither Content-Length nor chunks");
      }
      return status;
    }

    private void skipChunks() throws IOException {
      long size;
      do {
        String line = readLine();
        int extension = line.indexOf(';');
        size = Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        in.skipNBytes(size);
        readLine(); // the CRLF after the chunk, or the end of the (empty) trailer
      } while (size > 0);
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("connection closed");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    /** The status line and headers, each line ending in CRLF; the blank line is consumed. */
    private String readHead() throws IOException {
      StringBuilder head = new StringBuilder(256);
      for (String line; !(line = readLine()).isEmpty(); ) {
        head.append(line).append("\r\n");
      }
      return head.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
