package dev.carafe.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path dir;

  private void write(String file, String... lines) throws Exception {
    Files.writeString(dir.resolve(file), String.join("\n", lines) + "\n");
  }

  private void results() throws Exception {
    write("machine.tsv", "profile\tquick", "rounds\t3", "connections\t64");
    write(
        "subjects.tsv",
        "carafe\tran\tjson\t102400",
        "javalin\tran\tjson\t204800",
        "gunicorn\tskipped\tgunicorn not installed",
        "nginx\tran\tjson\t");
    write(
        "runs.tsv",
        "carafe\tjson\t1\t50000\t1.0\t5.0\t0\t0",
        "carafe\tjson\t2\t10000\t9.0\t90.0\t2\t1",
        "carafe\tjson\t3\t52000\t1.2\t6.0\t0\t0",
        "javalin\tjson\t1\t40000\t1.5\t7.0\t0\t0",
        "carafe+nginx\tjson\t1\t30000\t2.0\t8.0\t0\t0",
        "nginx\tjson\t1\t150000\t0.3\t1.0\t0\t0");
    write("starts.tsv", "carafe\tdev\t900", "carafe\tprod\t1500");
    write(
        "slices.tsv",
        "carafe\t1\t10000",
        "carafe\t2\t30000",
        "carafe\t3\t46000",
        "carafe\t4\t49000",
        "carafe\t5\t50000");
    write("memory.tsv", "carafe\t1\t150000\t300000");
  }

  @Test
  void tableShowsTheMedianOfTheRoundsForEachSubjectInTableOrder() throws Exception {
    results();
    String table = Markdown.render(Results.load(dir), List.of());
    assertTrue(table.contains("| `carafe` | 50,000 | 1.20 | 6.00 | — | — | — | — | 3 |"), table);
    assertTrue(
        table.indexOf("| `javalin` |") < table.indexOf("| `carafe+nginx` |")
            && table.indexOf("| `carafe+nginx` |") < table.indexOf("| `nginx` |"),
        table);
    assertTrue(table.contains("- `gunicorn`: not measured here: gunicorn not installed"), table);
  }

  @Test
  void warmUpIsMeasuredAgainstSteadyThroughput() throws Exception {
    results();
    String table = Markdown.render(Results.load(dir), List.of());
    // Steady is 50,000 req/s: 20 % in the first second, 92 % first reached in the third.
    assertTrue(
        table.contains("| `carafe` | 1500 ms | 1 | 100 MB | 293 MB | 20 % | 100 % | 3 s |"), table);
    assertTrue(table.contains("| `carafe` (dev server) | 900 ms |"), table);
  }

  @Test
  void targetsSayMetOrMissedAndNotMeasuredWhenASubjectIsAbsent() throws Exception {
    results();
    String table = Markdown.render(Results.load(dir), List.of());
    assertTrue(table.contains("| 1.25 × | **missed** |"), table);
    assertTrue(
        table.contains(
            "| Carafe prod vs Flask behind Gunicorn, JSON hello | ≥ 10 × | not measured"),
        table);
    assertTrue(table.contains("| ≤ 150 MB | 100 MB | met |"), table);
    assertTrue(
        table.contains(
            "| Development server: save to new response, median | ≤ 120 ms | not measured"),
        table);
  }

  @Test
  void aFigureJustPastItsGoalInSecondsDoesNotReadAsTheGoal() throws Exception {
    results();
    write("figures.tsv", "reload_ms\t10412", "run_prod_ms\t5004");
    String table = Markdown.render(Results.load(dir), List.of());
    assertTrue(table.contains("| ≤ 10 s | 10.41 s | **missed** |"), table);
    assertTrue(table.contains("| ≤ 5 s | 5.00 s | **missed** |"), table);
  }

  @Test
  void theOtherBenchmarksFiguresJoinTheTargetsWithTheCauseOfEachMiss() throws Exception {
    results();
    write(
        "figures.tsv",
        "blog_sqlite_index_vs_flask\t6.89",
        "blog_sqlite_posts_vs_flask\t10.75",
        "blog_sqlite_p99_ms\t41.30",
        "worker_serving_ms\t3800",
        "worker_first_second_pct\t9",
        "gunicorn_first_second_pct\t63",
        "reload_ms\t9000",
        "gunicorn_reload_ms\t2500",
        "dev_save_median_ms\t167",
        "load blog\t1.02 → 3.50");
    String table = Markdown.render(Results.load(dir), List.of());
    assertTrue(
        table.contains(
            "| Blog index on SQLite vs Flask | ≥ 10 × | 6.89 × | **missed** | `bench/blog.sh` |"
                + " [why](#the-figures-benchblogsh) |"),
        table);
    assertTrue(
        table.contains("| Blog post list on SQLite vs Flask | ≥ 10 × | 10.75 × | met |"), table);
    assertTrue(table.contains("| ≤ 20 ms | 41 ms | **missed** |"), table);
    assertTrue(table.contains("| ≤ 3 s | 3.80 s | **missed** |"), table);
    assertTrue(table.contains("| ≥ 80 % | 9 % (Gunicorn 63 %) | **missed** |"), table);
    assertTrue(table.contains("| ≤ 10 s | 9.00 s (Gunicorn 2.50 s) | met |"), table);
    assertTrue(table.contains("| ≤ 120 ms | 167 ms | **missed** |"), table);
    assertTrue(
        table.contains("Blog post list on PostgreSQL vs Flask | ≥ 10 × | not measured"), table);
    assertTrue(table.contains("before and after each benchmark: `blog` 1.02 → 3.50."), table);
  }

  @Test
  void ordinaryAndNonBlockingHellosAreReportedSideBySide() throws Exception {
    results();
    Files.writeString(
        dir.resolve("runs.tsv"),
        "carafe\tjson-nb\t1\t60000\t0.9\t4.0\t0\t0\n",
        java.nio.file.StandardOpenOption.APPEND);
    String table = Markdown.render(Results.load(dir), List.of());
    assertTrue(table.contains("| `carafe` | 50,000 | 1.20 | 6.00 | 60,000 | — |"), table);
    assertTrue(table.contains("| `javalin` | 40,000 | 1.50 | 7.00 | — | — |"), table);
    assertTrue(
        table.contains(
            "| Carafe prod vs plain Javalin, JSON hello as an ordinary view, same JDK and core"
                + " | ≥ 1.3 × | 1.25 × | **missed** |"),
        table);
    assertTrue(
        table.contains(
            "| The same, Carafe's view declared non-blocking | ≥ 1.3 × | 1.50 × | met |"),
        table);
  }

  @Test
  void eachSubjectSaysHowLongItWasWarmedUp() throws Exception {
    results();
    write(
        "subjects.tsv",
        "carafe\tran\tjson\t102400\t150\tquiet",
        "javalin\tran\tjson\t204800\t120\tcompiling",
        "nginx\tran\tjson\t");
    String table = Markdown.render(Results.load(dir), List.of());
    assertTrue(table.contains("with 150 s of load, until its JIT compiler went quiet"), table);
    assertTrue(
        table.contains("with 120 s of load, its JIT compiler still busy at the limit"), table);
    assertTrue(table.contains("- `nginx`: nginx answering the JSON by itself (`return 200`)\n"));
  }

  @Test
  void spliceReplacesOnlyTheMarkedBlock() throws Exception {
    Path docs = dir.resolve("performance.md");
    Files.writeString(docs, "intro\n<!-- bench:results -->\nold\n<!-- /bench:results -->\noutro\n");
    Report.splice(docs, "results", "new\n");
    assertEquals(
        "intro\n<!-- bench:results -->\nnew\n<!-- /bench:results -->\noutro\n",
        Files.readString(docs));
  }

  @Test
  void spliceFailsWithTheMarkersItNeeds() throws Exception {
    Path docs = dir.resolve("performance.md");
    Files.writeString(docs, "no markers\n");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Report.splice(docs, "jmh", "x"));
    assertTrue(e.getMessage().contains("<!-- bench:jmh -->"), e.getMessage());
  }

  @Test
  void reportWritesTheTableAndTheCharts() throws Exception {
    results();
    Report.main(new String[] {dir.toString()});
    assertTrue(
        Files.readString(dir.resolve("table.md")).contains("![JSON hello](img/bench-json.png)"));
    assertTrue(Files.size(dir.resolve("img/bench-json.png")) > 0);
    assertTrue(Files.size(dir.resolve("img/bench-warmup.png")) > 0);
  }
}
