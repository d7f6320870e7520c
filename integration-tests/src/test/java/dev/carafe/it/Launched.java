package dev.carafe.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real process started by a test (run-dev.sh, run-prod.sh, nginx): output goes to a log file the
 * test can read and print on failure; closing it kills the whole process tree.
 */
public final class Launched implements AutoCloseable {
  private final Process process;
  private final Path log;

  private Launched(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The repository root (scripts live there). */
  public static Path repo() {
    return Path.of(System.getProperty("carafe.repo", "..")).toAbsolutePath().normalize();
  }

  /** Starts a command in a directory with extra environment variables. */
  public static Launched start(Path dir, Map<String, String> env, String... command)
      throws IOException {
    Path log = Files.createTempFile("carafe-it-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    // No AOT cache unless a test asks for one: its recorder is a child of the master like the
    // workers, which the tests that count a master's children would take for one more worker.
    builder.environment().put("CARAFE_AOT_CACHE", "off");
    builder.environment().putAll(env);
    builder
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return new Launched(builder.start(), log);
  }

  /** A free loopback port. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Sends a signal by name (HUP, TERM, TTIN...) to the process itself. */
  public void signal(String name) throws IOException, InterruptedException {
    kill(name, process.pid());
  }

  public static void kill(String signal, long pid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor();
  }

  /**
   * The workers of a production master: its children that run a serving worker. Told by their own
   * arguments, not by elimination: a child is briefly the JDK's spawn helper or {@code nice} before
   * it becomes the JVM it was started as, and the AOT cache recorder the master may start once the
   * pool serves is a worker's command under {@code nice} that takes no traffic.
   */
  public static List<ProcessHandle> workersOf(long master) {
    return ProcessHandle.of(master).stream()
        .flatMap(ProcessHandle::children)
        .filter(Launched::isServingWorker)
        .toList();
  }

  private static boolean isServingWorker(ProcessHandle child) {
    try {
      List<String> args =
          List.of(Files.readString(Path.of("/proc/" + child.pid() + "/cmdline")).split("\0"));
      return args.get(0).endsWith("/java")
          && args.contains("worker")
          && args.stream().noneMatch(arg -> arg.startsWith("-XX:AOTCacheOutput="));
    } catch (IOException gone) {
      return false;
    }
  }

  /** The pids of the direct children (what `pgrep -P` lists). */
  public List<Long> children() {
    List<Long> pids = new ArrayList<>();
    process.toHandle().children().forEach(c -> pids.add(c.pid()));
    return pids;
  }

  /** Waits until a GET of {@code url} answers {@code status}; fails with the log otherwise. */
  public void awaitHttp(String url, int status, Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "Process exited with "
                + process.exitValue()
                + " before "
                + url
                + " answered:\n"
                + output());
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == status) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        url + " did not answer " + status + " within " + timeout + ":\n" + output());
  }

  /** How many lines of the output so far contain {@code text}. */
  public int linesContaining(String text) {
    return (int) output().lines().filter(l -> l.contains(text)).count();
  }

  /** Waits until {@code count} lines of the output contain {@code text}; fails with the log. */
  public void awaitLines(String text, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (linesContaining(text) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            count
                + " line(s) with '"
                + text
                + "' not printed within "
                + timeout
                + ":\n"
                + output());
      }
      Thread.sleep(100);
    }
  }

  /** Waits for the process to exit and returns its code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("Process did not exit within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    // The parent first, so a supervisor cannot respawn the children killed after it.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
