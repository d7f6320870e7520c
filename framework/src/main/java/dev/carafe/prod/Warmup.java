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
  /** The name of the private connector the warm-up uses. */
  static final String CONNECTOR = "carafe-warmup";

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final int CLIENTS = 4;

  /** Requests per connection: clients' connections open and close too, and that code is warmed. */
  private static final int REQUESTS_PER_CONNECTION = 100;

  private Warmup() {}

  /**
   * Sends {@code requests} GETs to the {@code paths} at {@code port}, each path from clients of its
   * own; stops at {@code limit}.
   */
  static void run(int port, List<String> paths, int requests, Duration limit)
      throws InterruptedException {
    if (requests <= 0 || paths.isEmpty()) {
      return;
    }
    List<String> answering = new ArrayList<>();
    for (String path : paths) {
      try (Client client = new Client(port)) {
        int status = client.send(request(path, port, false));
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
    Pacer pacer = new Pacer(deadline);
    pacer.start();
    // Each path has clients of its own, as many as the others: a path gets an equal share of the
    // time, not of the requests, so a cheap JSON view is not starved by a page ten times its cost.
    int perPath = Math.max(1, (CLIENTS + answering.size() - 1) / answering.size());
    Thread[] threads = new Thread[perPath * answering.size()];
    for (int t = 0; t < threads.length; t++) {
      String path = answering.get(t % answering.size());
      // Every other request comes as nginx sends it, the others straight.
      byte[][] shapes = {request(path, port, false), request(path, port, true)};
      threads[t] =
          new Thread(
              () -> {
                Client client = null;
                try {
                  int i;
                  while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                    pacer.awaitCpu();
                    if (client == null || client.sent == REQUESTS_PER_CONNECTION) {
                      close(client);
                      client = new Client(port);
                    }
                    client.send(shapes[i % 2]);
                  }
                } catch (IOException e) {
                  LOG.debug("Warm-up client stopped: {}", e.toString());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  close(client);
                }
              },
              "carafe-warmup-" + t);
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    pacer.interrupt();
    pacer.join();
    LOG.info(
        "Warmed up with {} requests in {} ms ({} % of it left to the JIT)",
        Math.min(next.get(), requests),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        pacer.pausedPercent());
    // The warm-up's garbage fills the old generation; with the heap flags of
    // ProdConfig.DEFAULT_JVM_OPTIONS, a full collection hands those pages back before clients come.
    System.gc();
  }

  /**
   * Holds the warm-up's requests while the JIT compiles. What makes a worker fast is compiled code,
   * and on a busy core the compiler threads get only their share of the CPU next to the threads
   * serving the warm-up: left alone, the JIT was still compiling the request path 15 s into a 20 s
   * warm-up. Waiting whenever a compiler thread is runnable hands it the core; the requests in
   * between give it the next methods to compile.
   */
  private static final class Pacer extends Thread {
    private static final long LOOK_MILLIS = 5;

    private final JitActivity jit = new JitActivity();
    private final long deadline;
    private volatile boolean compiling;
    // Read once the pacer has been joined.
    private long looks;
    private long busy;

    Pacer(long deadline) {
      super("carafe-warmup-pacer");
      setDaemon(true);
      this.deadline = deadline;
    }

    /** Looks until interrupted: the warm-up's clients are done. */
    @Override
    public void run() {
      try {
        while (true) {
          compiling = jit.compiling();
          looks++;
          busy += compiling ? 1 : 0;
          Thread.sleep(LOOK_MILLIS);
        }
      } catch (InterruptedException e) {
        compiling = false;
      }
    }

    /** Returns once no compiler thread wants the CPU (or the warm-up's time is up). */
    void awaitCpu() throws InterruptedException {
      while (compiling && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
    }

    int pausedPercent() {
      return looks == 0 ? 0 : (int) (100 * busy / looks);
    }
  }

  /** A GET of {@code path}, straight or with the headers the bundled nginx.conf adds. */
  private static byte[] request(String path, int port, boolean proxied) {
    String headers =
        proxied
            ? "Host: localhost\r\nX-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Host: localhost\r\nX-Forwarded-Prefix: \r\nForwarded: \r\n"
                + "X-Request-Id: carafe-warmup\r\n"
            : "Host: 127.0.0.1:" + port + "\r\n";
    return ("GET " + path + " HTTP/1.1\r\n" + headers + "User-Agent: carafe-warmup\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static void close(Client client) {
    if (client != null) {
      try {
        client.close();
      } catch (IOException ignored) {
        // the warm-up is over for this connection either way
      }
    }
  }

  /**
   * A minimal keep-alive HTTP/1.1 client: reads answers with a Content-Length or chunked (what
   * Jetty sends for a body larger than its output buffer, such as a long rendered page).
   */
  private static final class Client implements AutoCloseable {
    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;
    int sent;

    Client(int port) throws IOException {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends a request and reads the whole answer; returns its status. */
    int send(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      sent++;
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
        throw new IOException("an answer with neither Content-Length nor chunks");
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
