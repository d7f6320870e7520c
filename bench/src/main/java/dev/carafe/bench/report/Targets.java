package dev.carafe.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;

/**
 * The performance targets as one table: the ones bench/run.sh measures itself, and the ones the
 * other benchmarks measured when {@code bench/run.sh --all} ran them first ({@code figures.tsv}).
 * Each row says met or missed by the run's own figure, which command measured it, and for a miss
 * where the page explains its cause.
 */
final class Targets {
  private static final String RUN = "`bench/run.sh`";
  private static final String BLOG = "`bench/blog.sh`";
  private static final String STARTUP = "`bench/startup.sh`";
  private static final String DEV = "`bench/dev-reload.sh`";
  private static final String UPLOADS = "`bench/prod.sh uploads`";

  private final Results r;
  private final List<String> lines = new ArrayList<>();

  private Targets(Results r) {
    this.r = r;
  }

  static List<String> table(Results results) {
    return new Targets(results).rows();
  }

  private List<String> rows() {
    lines.add("| Target | Goal | Measured | Result | Measured by | Cause of a miss |");
    lines.add("| --- | --- | --- | --- | --- | --- |");
    OptionalDouble carafe = r.rps("carafe", "json");
    String javalinCause = "#json-hello-against-plain-javalin";
    atLeast(
        "Carafe prod vs plain Javalin, JSON hello as an ordinary view, same JDK and core",
        1.3,
        ratio(carafe, r.rps("javalin", "json")),
        RUN,
        javalinCause);
    atLeast(
        "The same, Carafe's view declared non-blocking",
        1.3,
        ratio(r.rps("carafe", "json-nb"), r.rps("javalin", "json")),
        RUN,
        javalinCause);
    String flaskCause = "#json-hello-against-flask";
    atLeast(
        "Carafe prod vs Flask behind Gunicorn, JSON hello",
        10,
        ratio(carafe, r.rps("gunicorn", "json")),
        RUN,
        flaskCause);
    atLeast(
        "The same, both behind nginx",
        10,
        ratio(r.rps("carafe+nginx", "json"), r.rps("gunicorn+nginx", "json")),
        RUN,
        flaskCause);
    String blogCause = "#the-figures-benchblogsh";
    for (String db : List.of("sqlite", "postgresql")) {
      String on = db.equals("sqlite") ? "SQLite" : "PostgreSQL";
      for (String page : List.of("index", "posts")) {
        atLeast(
            "Blog " + (page.equals("index") ? "index" : "post list") + " on " + on + " vs Flask",
            10,
            r.figure("blog_" + db + "_" + page + "_vs_flask"),
            BLOG,
            blogCause);
      }
      atMost(
          "Blog index and post list on " + on + ", p99 at 64 connections",
          20,
          " ms",
          r.figure("blog_" + db + "_p99_ms"),
          BLOG,
          blogCause);
    }
    atMost(
        "A new worker, its JVM's start to serving",
        3,
        " s",
        seconds(r.figure("worker_serving_ms")),
        peer("gunicorn_launch_ms", 0.001, " s to its first 200"),
        STARTUP,
        "#figures");
    atLeastPercent(
        "A new worker's first second, against steady",
        80,
        r.figure("worker_first_second_pct"),
        peer("gunicorn_first_second_pct", 1, " %"),
        STARTUP,
        "#figures");
    atMost(
        "A rolling reload of two workers under load, the slowest HUP",
        10,
        " s",
        seconds(r.figure("reload_ms")),
        peer("gunicorn_reload_ms", 0.001, " s"),
        STARTUP,
        "#figures");
    atMost(
        "`./run-prod.sh` from a built tree to its first 200",
        5,
        " s",
        seconds(r.figure("run_prod_ms")),
        STARTUP,
        "#figures");
    Long rss = r.startRssKb.get("carafe");
    atMost(
        "Carafe RSS per worker after start",
        150,
        " MB",
        rss == null || rss == 0 ? OptionalDouble.empty() : OptionalDouble.of(rss / 1024.0),
        RUN,
        "");
    atMostPercent(
        "RSS a minute after a burst of accepted uploads, above the RSS after warm-up",
        20,
        r.figure("uploads_rss_growth_pct"),
        UPLOADS,
        "#memory-after-a-burst-of-uploads");
    atMost(
        "Development server: save to new response, median",
        120,
        " ms",
        r.figure("dev_save_median_ms"),
        DEV,
        "#the-development-server");
    atMost(
        "Development server: first page of a built project",
        2,
        " s",
        seconds(r.figure("dev_first_page_ms")),
        DEV,
        "#the-development-server");
    return lines;
  }

  private void atLeast(String what, double goal, OptionalDouble got, String by, String cause) {
    row(what, "≥ " + trim(goal) + " ×", got, v -> format("%.2f ×", v), v -> v >= goal, by, cause);
  }

  private void atMost(
      String what, double goal, String unit, OptionalDouble got, String by, String cause) {
    atMost(what, goal, unit, got, "", by, cause);
  }

  private void atLeastPercent(
      String what, double goal, OptionalDouble got, String peer, String by, String cause) {
    row(
        what,
        "≥ " + trim(goal) + " %",
        got,
        v -> format("%.0f %%", v) + peer,
        v -> v >= goal,
        by,
        cause);
  }

  private void atMostPercent(
      String what, double goal, OptionalDouble got, String by, String cause) {
    row(what, "≤ " + trim(goal) + " %", got, v -> format("%.0f %%", v), v -> v <= goal, by, cause);
  }

  private void atMost(
      String what,
      double goal,
      String unit,
      OptionalDouble got,
      String peer,
      String by,
      String cause) {
    row(
        what,
        "≤ " + trim(goal) + unit,
        got,
        v -> beside(v, goal) + unit + peer,
        v -> v <= goal,
        by,
        cause);
  }

  private void row(
      String what,
      String goal,
      OptionalDouble got,
      DoubleFunction<String> shown,
      DoublePredicate met,
      String by,
      String cause) {
    if (got.isEmpty()) {
      lines.add(String.format("| %s | %s | not measured | | %s | |", what, goal, by));
      return;
    }
    boolean ok = met.test(got.getAsDouble());
    String why = ok || cause.isEmpty() ? "" : "[why](" + cause + ")";
    lines.add(
        String.format(
            "| %s | %s | %s | %s | %s | %s |",
            what, goal, shown.apply(got.getAsDouble()), ok ? "met" : "**missed**", by, why));
  }

  /** Gunicorn's figure beside Carafe's, scaled to the row's unit, when the run measured it. */
  private String peer(String key, double scale, String unit) {
    OptionalDouble peer = r.figure(key);
    return peer.isPresent() ? " (Gunicorn " + number(peer.getAsDouble() * scale) + unit + ")" : "";
  }

  /**
   * {@code value} as {@link #number} shows it, or to two places where that would read as the goal
   * it missed: a 10.41 s reload is not "10 s".
   */
  private static String beside(double value, double goal) {
    String shown = number(value);
    return value > goal && shown.equals(trim(goal)) ? format("%.2f", value) : shown;
  }

  private static String number(double value) {
    return format(value < 10 ? "%.2f" : "%.0f", value);
  }

  private static OptionalDouble ratio(OptionalDouble a, OptionalDouble b) {
    if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(a.getAsDouble() / b.getAsDouble());
  }

  private static OptionalDouble seconds(OptionalDouble ms) {
    return ms.isPresent() ? OptionalDouble.of(ms.getAsDouble() / 1000) : ms;
  }

  private static String format(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
