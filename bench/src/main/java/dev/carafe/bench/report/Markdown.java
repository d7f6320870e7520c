package dev.carafe.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The results of a run as the Markdown section of docs/performance.md. */
final class Markdown {
  static final List<String> WORKLOADS = List.of("json", "json-nb", "page", "posts", "static");
  static final Map<String, String> WORKLOAD_NAMES =
      Map.of(
          "json", "JSON hello",
          "json-nb", "JSON hello, view declared non-blocking",
          "page", "HTML page",
          "posts", "SQLite posts",
          "static", "1 MB static file");

  /** The fraction of steady throughput a fresh worker must reach, and when. */
  static final double WARM_FRACTION = 0.9;

  static final int TARGET_SECOND = 5;

  private final Results r;
  private final StringBuilder out = new StringBuilder();

  private Markdown(Results r) {
    this.r = r;
  }

  static String render(Results results, List<String> charts) {
    return new Markdown(results).section(charts);
  }

  private String section(List<String> charts) {
    line(
        "_Written by `bench/run.sh` (%s profile) on %s: medians of %s round(s) of %s s per"
            + " workload at %s connections, after a warm-up of %s s per workload and subject,"
            + " continued for the JVMs until their JIT compiler went quiet (at most %s s). Do not"
            + " edit by hand._",
        r.machine("profile").orElse("?"),
        r.machine("date").orElse("?"),
        r.machine("rounds").orElse("?"),
        r.machine("duration").orElse("?"),
        r.machine("connections").orElse("?"),
        r.machine("warmup").orElse("?"),
        r.machine("warmup max").orElse("?"));
    line("");
    charts.stream().filter(c -> c.contains("json")).forEach(c -> image("JSON hello", c));
    throughput();
    charts.stream().filter(c -> c.contains("workloads")).forEach(c -> image("Workloads", c));
    startAndMemory();
    charts.stream().filter(c -> c.contains("warmup")).forEach(c -> image("Warm-up", c));
    targets();
    machine();
    return out.toString();
  }

  private void throughput() {
    line("#### Throughput and latency");
    line("");
    line(
        "| Subject | JSON req/s | p50 ms | p99 ms | JSON, non-blocking view, req/s | Page req/s |"
            + " Posts req/s | 1 MB static req/s | Errors |");
    line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String subject : r.ran.keySet()) {
      line(
          "| `%s` | %s | %s | %s | %s | %s | %s | %s | %d |",
          subject,
          rate(r.rps(subject, "json")),
          millis(r.median(subject, "json", Results.Run::p50Ms)),
          millis(r.median(subject, "json", Results.Run::p99Ms)),
          rate(r.rps(subject, "json-nb")),
          rate(r.rps(subject, "page")),
          rate(r.rps(subject, "posts")),
          rate(r.rps(subject, "static")),
          r.errors(subject));
    }
    line("");
    line("Subjects:");
    line("");
    for (String subject : r.ran.keySet()) {
      line("- `%s`: %s%s", subject, describe(subject), warmedUp(subject));
    }
    r.skipped.forEach((subject, why) -> line("- `%s`: not measured here: %s", subject, why));
    line("");
    if (r.ran.containsKey("nginx")) {
      line(
          "nginx runs one worker on the server core, keeps connections to the app alive, and"
              + " serves the static file from disk itself.");
      line("");
    }
  }

  private String describe(String subject) {
    if (subject.endsWith("+nginx")) {
      return "`" + subject.substring(0, subject.length() - "+nginx".length()) + "` behind nginx";
    }
    return switch (subject) {
      case "carafe" ->
          "the demo app in Carafe's production mode with its defaults ("
              + r.machine("carafe launcher").orElse("one JVM")
              + "), its access log on; its JSON hello as an ordinary view, which runs in the"
              + " request pool (`/bench/hello`), and the demo's own `/api/hello`, declared"
              + " non-blocking";
      case "javalin" -> "plain Javalin 7 with its defaults, `ctx.json` through Jackson";
      case "servlet" -> "a bare Jakarta servlet on Jetty 12";
      case "jetty" -> "a bare, non-blocking Jetty 12 handler: the ceiling for anything on Jetty";
      case "gunicorn" -> "Flask behind Gunicorn, 2 × cores + 1 sync workers";
      case "uwsgi" -> "Flask behind uWSGI, 2 × cores + 1 processes on a keep-alive HTTP socket";
      case "nginx" -> "nginx answering the JSON by itself (`return 200`)";
      default -> subject;
    };
  }

  /** How long a backend was warmed up before the rounds, when the run says. */
  private String warmedUp(String subject) {
    Results.Warmup warmup = r.warmups.get(subject);
    if (warmup == null) {
      return "";
    }
    String jit =
        switch (warmup.jit()) {
          case "quiet" -> ", until its JIT compiler went quiet";
          case "compiling" -> ", its JIT compiler still busy at the limit";
          default -> "";
        };
    return String.format(Locale.ROOT, "; warmed up with %d s of load%s", warmup.seconds(), jit);
  }

  private void startAndMemory() {
    line("#### Start, warm-up and memory");
    line("");
    line(
        "| Subject | Start to first 200 | Workers | RSS per worker after start | Peak RSS per"
            + " worker | 1st second | %s%s second | %.0f %% of steady after |",
        TARGET_SECOND, ordinal(TARGET_SECOND), WARM_FRACTION * 100);
    line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String subject : r.ran.keySet()) {
      if (subject.contains("nginx")) {
        continue;
      }
      Map<String, Long> starts = r.firstOk.getOrDefault(subject, Map.of());
      if (starts.containsKey("dev")) {
        line("| `%s` (dev server) | %s | | | | | | |", subject, starts.get("dev") + " ms");
      }
      Results.Memory memory = r.memory.get(subject);
      List<Double> warmup = r.slices.getOrDefault(subject, List.of());
      OptionalDouble steady = r.steadyJson(subject);
      line(
          "| `%s` | %s | %s | %s | %s | %s | %s | %s |",
          subject,
          starts.containsKey("prod") ? starts.get("prod") + " ms" : "—",
          memory == null ? "—" : String.valueOf(memory.workers()),
          megabytes(r.startRssKb.get(subject)),
          memory == null ? "—" : megabytes(memory.peakKb()),
          share(warmup, 1, steady),
          share(warmup, TARGET_SECOND, steady),
          timeToWarm(warmup, steady));
    }
    line("");
    line(
        "The warm-up columns are the 1-second slices of `/api/hello` measured right after the"
            + " first 200, as a share of the subject's steady throughput there (the median of the"
            + " rounds; for Carafe, the demo's own non-blocking hello, which its warm-up covers).");
    line("");
  }

  private void targets() {
    line("#### Targets in this run");
    line("");
    Targets.table(r).forEach(this::line);
    line("");
    String loads =
        r.figures.entrySet().stream()
            .filter(f -> f.getKey().startsWith("load "))
            .map(f -> "`" + f.getKey().substring(5) + "` " + f.getValue())
            .collect(Collectors.joining(", "));
    if (!loads.isEmpty()) {
      line("Load average on the machine before and after each benchmark: %s.", loads);
      line("");
    }
  }

  private void machine() {
    line("#### Machine and settings");
    line("");
    line("| | |");
    line("| --- | --- |");
    r.machine.forEach((k, v) -> line("| %s | %s |", k, v.replace("|", "\\|")));
    line("");
  }

  private void image(String alt, String path) {
    line("![%s](%s)", alt, path);
    line("");
  }

  private static String share(List<Double> slices, int second, OptionalDouble steady) {
    if (slices.size() < second || steady.isEmpty() || steady.getAsDouble() == 0) {
      return "—";
    }
    return String.format(
        Locale.ROOT, "%.0f %%", 100 * slices.get(second - 1) / steady.getAsDouble());
  }

  private static String timeToWarm(List<Double> slices, OptionalDouble steady) {
    if (slices.isEmpty() || steady.isEmpty()) {
      return "—";
    }
    for (int i = 0; i < slices.size(); i++) {
      if (slices.get(i) >= WARM_FRACTION * steady.getAsDouble()) {
        return (i + 1) + " s";
      }
    }
    return "> " + slices.size() + " s";
  }

  private static String rate(OptionalDouble rps) {
    return rps.isPresent() ? String.format(Locale.ROOT, "%,.0f", rps.getAsDouble()) : "—";
  }

  private static String millis(OptionalDouble ms) {
    return ms.isPresent() ? String.format(Locale.ROOT, "%.2f", ms.getAsDouble()) : "—";
  }

  private static String megabytes(Long kb) {
    return kb == null || kb == 0 ? "—" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
  }

  private static String ordinal(int n) {
    return switch (n % 10) {
      case 1 -> n % 100 == 11 ? "th" : "st";
      case 2 -> n % 100 == 12 ? "th" : "nd";
      case 3 -> n % 100 == 13 ? "th" : "rd";
      default -> "th";
    };
  }

  private void line(String format, Object... args) {
    out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
  }

  /** Subjects in table order whose rows carry a figure for the workload. */
  static List<String> subjectsServing(Results r, String workload) {
    List<String> subjects = new ArrayList<>();
    for (var e : r.ran.entrySet()) {
      if (e.getValue().contains(workload)) {
        subjects.add(e.getKey());
      }
    }
    return subjects;
  }
}
