package dev.carafe.it.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.it.Load;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;

/** The master's supervision under faults: pool changes under load, stuck and dying workers. */
class SupervisionIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String APP = TestApps.Threads.class.getName();

  @Test
  void ttinThenTtouWhileTheNewWorkersBootLosesNoRequest() throws Exception {
    try (ProdServer prod = ProdServer.start(Map.of(), "--app", APP, "--workers", "2")) {
      prod.await("two workers", WAIT, () -> prod.workersQuietly().size() == 2);
      Load load = Load.start(prod.url(""), "/api/hello", 2, 2_000_000, Duration.ofSeconds(180));
      try (load) {
        assertTrue(load.awaitSucceeded(50), "load before: " + load.failures());
        for (int i = 0; i < 4; i++) {
          prod.signalMaster("TTIN");
        }
        prod.await("six workers", WAIT, () -> prod.workersQuietly().size() == 6);
        for (int i = 0; i < 4; i++) {
          prod.signalMaster("TTOU");
        }
        prod.await("two workers again", WAIT, () -> prod.workersQuietly().size() == 2);
        int now = load.succeeded();
        assertTrue(load.awaitSucceeded(now + 200), "load after: " + load.failures());
      }
      assertEquals(List.of(), load.failures());
      assertFalse(prod.script.output().contains("Retiring worker 1 "), prod.script.output());
      assertFalse(prod.script.output().contains("Retiring worker 2 "), prod.script.output());
    }
  }

  /**
   * Slow views, and clients that send their bodies a byte at a time until the request timeout
   * answers them, keep every request thread busy and work queued for four times the liveness
   * timeout. The heartbeat has a thread of its own and the pool still finishes requests, so the
   * worker lives on.
   */
  @Test
  void aPoolBusyWithSlowRequestsAndSlowBodiesKeepsItsWorker() throws Exception {
    try (ProdServer prod =
            ProdServer.start(
                Map.of(),
                "--app",
                APP,
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "5",
                "--request-timeout",
                "3");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      List<Long> worker = prod.workers();
      List<Socket> slow = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Load busy = Load.start(prod.url(""), "/slow?ms=2000", 12, 1000, Duration.ofSeconds(20));
      try (busy) {
        while (System.nanoTime() < end) {
          slow.removeIf(Socket::isClosed);
          while (slow.size() < 16) {
            slow.add(startUpload(prod.port));
          }
          for (Socket socket : slow) {
            trickle(socket);
          }
          Thread.sleep(200);
        }
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
      assertTrue(busy.succeeded() > 0, "no slow request finished: " + busy.failures());
      assertEquals(200, client.get("/api/hello").asString().getStatus());
      assertEquals(worker, prod.workers(), prod.script.output());
      assertFalse(prod.script.output().contains("killing it"), prod.script.output());
    }
  }

  @Test
  void aWorkerWhoseThreadsAreAllStuckIsKilledAndReplaced() throws Exception {
    try (ProdServer prod =
        ProdServer.start(
            Map.of(),
            "--app",
            APP,
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "5",
            "--request-timeout",
            "2")) {
      long stuck = prod.workers().get(0);
      List<CompletableFuture<?>> requests = new ArrayList<>();
      try (UnirestInstance client = CarafeTest.client(prod.url(""))) {
        for (int i = 0; i < 8; i++) {
          requests.add(client.get("/stuck").asStringAsync());
        }
        prod.await(
            "the stuck worker killed",
            WAIT,
            () -> prod.script.output().contains("is stuck: no request finished for"));
      }
      prod.await(
          "a replacement",
          WAIT,
          () -> prod.workersQuietly().size() == 1 && !prod.workersQuietly().contains(stuck));
      prod.script.awaitHttp(prod.url("/api/hello"), 200, WAIT);
    }
  }

  @Test
  void aWorkerThatRunsOutOfMemoryIsNamedInTheLogAndReplaced() throws Exception {
    String jvm = "-XX:+UseSerialGC -Xmx64m -XX:+ExitOnOutOfMemoryError";
    try (ProdServer prod =
            ProdServer.start(
                Map.of("CARAFE_WORKER_JVM_OPTIONS", jvm), "--app", APP, "--workers", "1");
        UnirestInstance client = CarafeTest.client(prod.url(""))) {
      long hog = prod.workers().get(0);
      try {
        client.get("/hog").asString();
      } catch (RuntimeException connectionDiedWithTheWorker) {
        // expected: the worker is gone before it answers
      }
      prod.await(
          "the out-of-memory line",
          WAIT,
          () -> prod.script.output().contains("ran out of memory (heap 64m); replacing it"));
      String output = prod.script.output();
      assertTrue(output.contains("worker 1 (pid " + hog + ", generation 1) ran out"), output);
      // The JVM's own message reaches the log: workers send the JVM's output to standard error.
      assertTrue(output.contains("Terminating due to java.lang.OutOfMemoryError"), output);
      prod.await("worker 2 serving", WAIT, () -> prod.script.output().contains("Worker 2 serving"));
      assertEquals(200, client.get("/api/hello").asString().getStatus());
    }
  }

  @Test
  void aSecondMasterOnTheSamePortIsRefusedWithTheFirstOnesPid() throws Exception {
    try (ProdServer first = ProdServer.start(Map.of(), "--workers", "1")) {
      List<Long> workers = first.workers();
      String bind = "127.0.0.1:" + first.port;
      try (ProdServer second = ProdServer.launch(Map.of(), "--workers", "1", "--bind", bind)) {
        assertEquals(6, second.script.awaitExit(WAIT), second.script.output());
        assertTrue(
            second
                .script
                .output()
                .contains(
                    "carafe: another Carafe master (pid "
                        + first.masterPid()
                        + ") serves "
                        + bind
                        + ". Stop it first"),
            second.script.output());
      }
      assertEquals(workers, first.workers());
      first.script.awaitHttp(first.url("/api/hello"), 200, WAIT);
    }
  }

  @Test
  void aPortAnotherProgramHoldsStopsTheMasterWithExitCode5() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String bind = "127.0.0.1:" + other.getLocalPort();
      try (ProdServer prod = ProdServer.launch(Map.of(), "--workers", "1", "--bind", bind)) {
        assertEquals(5, prod.script.awaitExit(WAIT), prod.script.output());
        String output = prod.script.output();
        assertTrue(output.contains("Worker 1 could not listen on " + bind), output);
        assertTrue(output.contains("Cannot listen: worker 1 (pid "), output);
        assertTrue(output.contains("stopping the master with exit code 5"), output);
      }
    }
  }

  /** Opens a connection and starts an upload whose body will come one byte at a time. */
  private static Socket startUpload(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket
        .getOutputStream()
        .write(
            "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** Sends one more byte of the body; closes the socket once the server has closed it. */
  private static void trickle(Socket socket) throws IOException {
    try {
      OutputStream out = socket.getOutputStream();
      out.write('x');
      out.flush();
      if (socket.getInputStream().available() > 0) {
        socket.close(); // answered (503): the next upload takes its place
      }
    } catch (IOException closedByTheServer) {
      socket.close();
    }
  }
}
