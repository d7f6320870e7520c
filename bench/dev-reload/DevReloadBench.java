import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Save-to-new-response latency of Carafe's dev server against Flask's, on equivalent apps. For
 * each server: start it on a copy of the app, time launch to first response, then save the
 * /api/hello message N times and poll until the new message is served, counting every request
 * that fails meanwhile. Run it through bench/dev-reload.sh.
 *
 * <p>Usage: java DevReloadBench.java REPO EDITS [PYTHON]
 */
public final class DevReloadBench {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  record Figures(
      String server,
      double preparedStartMs,
      double startMs,
      List<Double> editsMs,
      long requests,
      long failures,
      int missedSaves,
      double cpuPerSaveMs) {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[0]).toAbsolutePath();
    int edits = Integer.parseInt(args[1]);
    String python = args.length > 2 ? args[2] : "";
    String loadBefore = loadAverage();
    List<Figures> results = new ArrayList<>();
    results.add(carafe(repo, edits));
    if (!python.isEmpty()) {
      results.add(flask(repo, edits, python));
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-40s %13s %9s %8s %8s %8s %8s %14s %9s%n",
        "server",
        "after build",
        "start",
        "median",
        "p95",
        "max",
        "missed",
        "failed/total",
        "CPU/save");
    for (Figures f : results) {
      List<Double> sorted = new ArrayList<>(f.editsMs());
      Collections.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "%-40s %13s %9.0f %8.0f %8.0f %8.0f %8d %14s %9s%n",
          f.server(),
          f.preparedStartMs() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", f.preparedStartMs()),
          f.startMs(),
          percentile(sorted, 50),
          percentile(sorted, 95),
          percentile(sorted, 100),
          f.missedSaves(),
          f.failures() + "/" + f.requests(),
          Double.isNaN(f.cpuPerSaveMs())
              ? "-"
              : String.format(Locale.ROOT, "%.0f", f.cpuPerSaveMs()));
    }
    figures(results.get(0));
    System.out.println(
        "\nMachine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, load average "
            + loadBefore
            + " before the run and "
            + loadAverage()
            + " after.");
    System.out.println(
        "All times in ms. median, p95, max: save -> new response over "
            + edits
            + " edits. start: launch to first response; after build: the first start after a"
            + " build, which prepares a class-data archive once. missed: saves the server never"
            + " noticed within 15 s (saved again, left out of the latencies). CPU/save: the CPU"
            + " time the server's processes used from each save to its new response, averaged"
            + " (what a save costs whatever else the machine runs; - for a server that"
            + " restarts its process on a save).");
  }

  private static Figures carafe(Path repo, int edits) throws Exception {
    Path project = Files.createTempDirectory("carafe-bench-");
    copy(repo.resolve("demo-app/src"), project.resolve("src"));
    Path source;
    try (Stream<Path> files = Files.walk(project.resolve("src/main/java"))) {
      source =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> read(p).contains("\"Hello, World!\""))
              .findFirst()
              .orElseThrow();
    }
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                "./run-dev.sh", "--project", project.toString(), "--port", String.valueOf(port))
            .directory(repo.toFile());
    try {
      double prepared = firstResponse(builder, port);
      Figures f = measure("Carafe run-dev.sh (demo app)", builder, port, source, edits, project);
      return new Figures(
          f.server(),
          prepared,
          f.startMs(),
          f.editsMs(),
          f.requests(),
          f.failures(),
          f.missedSaves(),
          f.cpuPerSaveMs());
    } finally {
      delete(project);
    }
  }

  private static Figures flask(Path repo, int edits, String python) throws Exception {
    Path project = Files.createTempDirectory("flask-bench-");
    Path app = project.resolve("app.py");
    Files.copy(repo.resolve("bench/dev-reload/flask_app.py"), app);
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(python, "-m", "flask", "run", "--port", String.valueOf(port))
            .directory(project.toFile());
    builder.environment().put("FLASK_APP", "app");
    builder.environment().put("FLASK_DEBUG", "1");
    String version =
        new String(
                new ProcessBuilder(python, "-c", "import flask, importlib.metadata as m; print(m.version('flask'))")
                    .start()
                    .getInputStream()
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .trim();
    try {
      return measure("Flask " + version + " flask run --debug", builder, port, app, edits, project);
    } finally {
      delete(project);
    }
  }

  private static Figures measure(
      String name, ProcessBuilder builder, int port, Path source, int edits, Path project)
      throws Exception {
    Path log = Files.createTempFile("dev-reload-bench-", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    URI hello = URI.create("http://127.0.0.1:" + port + "/api/hello");
    long launched = System.nanoTime();
    Process process = builder.start();
    try {
      long deadline = launched + Duration.ofMinutes(5).toNanos();
      while (!answers(hello, "Hello, World!")) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException(name + " did not start:\n" + Files.readString(log));
        }
        Thread.sleep(5);
      }
      double firstStart = (System.nanoTime() - launched) / 1e6;
      // A developer looks at the page before the first edit; the server may use the pause.
      Thread.sleep(3000);
      List<Double> times = new ArrayList<>();
      long requests = 0;
      long failures = 0;
      int misses = 0;
      long cpuNanos = 0;
      boolean restarted = false;
      String current = "Hello, World!";
      for (int i = 1; i <= edits; i++) {
        String next = "Hello, Bench " + i + "!";
        String text = read(source).replace("\"" + current + "\"", "\"" + next + "\"");
        Map<Long, Long> cpuBefore = cpuNanos(process);
        long saved = System.nanoTime();
        Files.writeString(source, text, StandardCharsets.UTF_8);
        long missAfter = saved + Duration.ofSeconds(15).toNanos();
        long editDeadline = saved + Duration.ofSeconds(90).toNanos();
        boolean missed = false;
        while (true) {
          requests++;
          Outcome outcome = poll(hello, next);
          if (outcome == Outcome.FAILED) {
            failures++;
          }
          if (outcome == Outcome.NEW) {
            break;
          }
          if (!missed && System.nanoTime() > missAfter) {
            // The server never noticed the save: save again so the run can go on.
            missed = true;
            misses++;
            Files.writeString(source, text, StandardCharsets.UTF_8);
          }
          if (System.nanoTime() > editDeadline) {
            throw new IllegalStateException(name + " never served edit " + i);
          }
          Thread.sleep(2);
        }
        if (missed) {
          System.out.printf(Locale.ROOT, "%s edit %d: missed, saved again%n", name, i);
          current = next;
          Thread.sleep(700);
          continue;
        }
        times.add((System.nanoTime() - saved) / 1e6);
        Map<Long, Long> cpuAfter = cpuNanos(process);
        // A server that restarts its process on a save (Flask) took CPU this cannot see.
        restarted |= !cpuAfter.keySet().equals(cpuBefore.keySet());
        for (Map.Entry<Long, Long> p : cpuAfter.entrySet()) {
          cpuNanos += p.getValue() - cpuBefore.getOrDefault(p.getKey(), 0L);
        }
        current = next;
        System.out.printf(Locale.ROOT, "%s edit %d: %.0f ms%n", name, i, times.get(times.size() - 1));
        Thread.sleep(700);
      }
      return new Figures(
          name,
          -1,
          firstStart,
          times,
          requests,
          failures,
          misses,
          times.isEmpty() || restarted ? Double.NaN : cpuNanos / 1e6 / times.size());
    } finally {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor();
      Files.deleteIfExists(log);
    }
  }

  /** Launches, waits for the first response, stops; returns the milliseconds it took. */
  private static double firstResponse(ProcessBuilder builder, int port) throws Exception {
    Path log = Files.createTempFile("dev-reload-bench-", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    URI hello = URI.create("http://127.0.0.1:" + port + "/api/hello");
    long launched = System.nanoTime();
    Process process = builder.start();
    try {
      while (!answers(hello, "Hello, World!")) {
        if (!process.isAlive()) {
          throw new IllegalStateException("did not start:\n" + Files.readString(log));
        }
        Thread.sleep(5);
      }
      return (System.nanoTime() - launched) / 1e6;
    } finally {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor();
      Files.deleteIfExists(log);
    }
  }

  enum Outcome {
    OLD,
    NEW,
    FAILED
  }

  private static Outcome poll(URI uri, String expected) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Outcome.FAILED;
      }
      return r.body().contains(expected) ? Outcome.NEW : Outcome.OLD;
    } catch (IOException e) {
      return Outcome.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.FAILED;
    }
  }

  private static boolean answers(URI uri, String expected) {
    return poll(uri, expected) == Outcome.NEW;
  }

  /** Per process id, the user and system CPU time of the process and its descendants, from /proc. */
  private static Map<Long, Long> cpuNanos(Process process) {
    Map<Long, Long> cpu = new HashMap<>();
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process.toHandle());
    process.descendants().forEach(all::add);
    for (ProcessHandle p : all) {
      try {
        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        // The command may hold spaces: the fields counted here follow its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        cpu.put(p.pid(), ticks * 10_000_000L); // USER_HZ is 100 on Linux
      } catch (IOException | RuntimeException gone) {
        // A process that ended meanwhile.
      }
    }
    return cpu;
  }

  /** The 1-minute load average, which says how much the figures had to share the machine. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * With BENCH_FIGURES set (bench/run.sh --all), Carafe's median save and its start go to that
   * collector's file, one figure a line.
   */
  private static void figures(Figures carafe) throws IOException {
    String file = System.getenv("BENCH_FIGURES");
    if (file == null || file.isEmpty() || carafe.editsMs().isEmpty()) {
      return;
    }
    List<Double> sorted = new ArrayList<>(carafe.editsMs());
    Collections.sort(sorted);
    Files.writeString(
        Path.of(file),
        String.format(
            Locale.ROOT,
            "dev_save_median_ms\t%.0f%ndev_first_page_ms\t%.0f%n",
            percentile(sorted, 50),
            carafe.startMs()),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
