package dev.carafe.prod;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.RawHttp;
import dev.carafe.internal.ServerView;
import dev.carafe.internal.TrustedProxies;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Uploads sent as curl sends them, with {@code Expect: 100-continue}, to a worker with more uploads
 * than request threads: each reader waits for its body at once, and the minimum body rate must
 * count only the client's time, never the time the server takes to hand arrived bytes to a reader.
 * A body that stops arriving is still cut, with a plain 408.
 */
class ExpectContinueUploadsTest {
  private static final int UPLOADS = 8;
  private static final int FILE_BYTES = 1 << 20;

  private final Logger jetty = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
  private final ListAppender<ILoggingEvent> jettyLog = new ListAppender<>();
  private Javalin server;
  private RequestGuard guard;
  private int port;

  private void start(String threads) throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Config config =
        Config.builder()
            .set("bind", "127.0.0.1:" + port)
            .set("threads", threads)
            .set("csrf_enabled", "false")
            .set("warmup_requests", "0")
            .build();
    ProdConfig settings = ProdConfig.from(config);
    Carafe app = Carafe.create(config);
    app.post("/files", req -> "files " + req.files().size());
    ServerTuning tuning = new ServerTuning(settings);
    guard =
        new RequestGuard(
            TrustedProxies.parse("127.0.0.1"),
            Optional.empty(),
            settings.requestTimeout(),
            0,
            () -> {},
            Dispatch.nonBlockingViewsOf(app),
            Optional.empty());
    server = ServerView.of(app).createServer(c -> tuning.apply(c, guard)).start();
    tuning.endWarmup(server.jettyServer().server());
    guard.serving();
    tuning.listen(server.jettyServer().server());
    jettyLog.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    jettyLog.start();
    jetty.addAppender(jettyLog);
  }

  @AfterEach
  void stop() {
    jetty.detachAppender(jettyLog);
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void moreExpectContinueUploadsThanRequestThreadsAreAllServed() throws Exception {
    // Flask's server answers each 100 Continue, then 200. Here every request thread waits for a
    // body at once: none may be cut as slow while the bytes arrive at loopback speed.
    start("4");
    List<CompletableFuture<String>> uploads = new ArrayList<>();
    for (int i = 0; i < UPLOADS; i++) {
      uploads.add(CompletableFuture.supplyAsync(this::uploadAsCurlDoes));
    }
    for (CompletableFuture<String> upload : uploads) {
      String answer = upload.get(2, TimeUnit.MINUTES);
      assertEquals(200, RawHttp.status(answer), answer);
      assertEquals("files 1", RawHttp.body(answer), answer);
    }
  }

  @Test
  void anUploadThatStopsAfter100ContinueIsCutWithA408AndNothingElse() throws Exception {
    // Flask's server has no such limit: it waits for the rest of the body as long as it takes.
    start("4");
    try (Socket stalled = new Socket("127.0.0.1", port)) {
      String partial = RawHttp.multipart(FILE_BYTES).substring(0, 1000);
      RawHttp.send(stalled, expectHead(FILE_BYTES));
      assertEquals(100, RawHttp.status(readHead(stalled.getInputStream())));
      RawHttp.send(stalled, partial);
      String answer = RawHttp.answer(stalled);
      assertEquals(408, RawHttp.status(answer), answer);
    }
    // Once the view is done, Jetty has had nothing to complain of: no pending read failed the
    // response after the 408 went out.
    await().atMost(Duration.ofSeconds(30)).until(() -> guard.progress().running() == 0);
    List<String> warnings;
    synchronized (jettyLog) {
      warnings =
          jettyLog.list.stream()
              .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
              .map(ILoggingEvent::getFormattedMessage)
              .toList();
    }
    assertEquals(List.of(), warnings);
  }

  /** The head of a multipart upload to /files that asks for 100 Continue. */
  private static String expectHead(int fileBytes) {
    return "POST /files HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
        + RawHttp.BOUNDARY
        + "\r\nContent-Length: "
        + RawHttp.multipart(fileBytes).length()
        + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
  }

  /**
   * curl's upload: the head with {@code Expect: 100-continue}, up to 1 s for the interim answer,
   * then the whole body at once, then the answer.
   */
  private String uploadAsCurlDoes() {
    byte[] body = RawHttp.multipart(FILE_BYTES).getBytes(ISO_8859_1);
    String head = expectHead(FILE_BYTES);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(ISO_8859_1));
      out.flush();
      socket.setSoTimeout(1000);
      String interim = "";
      try {
        interim = readHead(socket.getInputStream());
      } catch (SocketTimeoutException noAnswer) {
        // curl sends the body anyway after a second
      }
      if (!interim.isEmpty() && RawHttp.status(interim) != 100) {
        socket.setSoTimeout(60_000);
        return interim + new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      }
      out.write(body);
      out.flush();
      socket.setSoTimeout(60_000);
      return new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One response head, up to its blank line. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(ISO_8859_1);
  }
}
