package dev.carafe.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.it.Launched;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark harness in its smoke mode (a second per measurement) and checks what it wrote.
 * It asserts no timings: the figures of a smoke run mean nothing.
 */
class BenchSmokeIT {
  private static final Duration LIMIT = Duration.ofMinutes(4);

  @Test
  void smokeRunWritesATableRowForEverySubjectItCouldStart(@TempDir Path out) throws Exception {
    assumeTrue(onPath("wrk"), "wrk is not installed (apt-get install wrk)");
    assumeTrue(onPath("taskset") && onPath("setsid"), "util-linux is not installed");
    assumeTrue(onPath("curl"), "curl is not installed");
    Path docs = Launched.repo().resolve("docs/performance.md");
    String docsBefore = Files.exists(docs) ? Files.readString(docs) : "";

    run("bench/run.sh", "--smoke", "--no-build", "--out", out.toString());

    String table = Files.readString(out.resolve("table.md"));
    List<String> expected = new ArrayList<>(List.of("carafe", "javalin", "servlet", "jetty"));
    // The Flask subjects run where Gunicorn, uWSGI and Flask are installed; the harness lists
    // what it ran and what it skipped (with the reason) in subjects.tsv.
    for (String line : Files.readAllLines(out.resolve("subjects.tsv"))) {
      String[] fields = line.split("\t");
      if (fields[1].equals("ran") && !expected.contains(fields[0]) && !fields[0].equals("nginx")) {
        expected.add(fields[0]);
      }
    }
    if (onPath("nginx")) {
      for (String backend : List.copyOf(expected)) {
        expected.add(backend + "+nginx");
      }
      expected.add("nginx");
    }
    for (String subject : expected) {
      assertTrue(
          Pattern.compile(
                  "^\\| `" + Pattern.quote(subject) + "` \\| [0-9][0-9,]* \\|", Pattern.MULTILINE)
              .matcher(table)
              .find(),
          "No JSON figure for " + subject + " in the table:\n" + table);
    }
    assertTrue(Files.size(out.resolve("img/bench-json.png")) > 0, "The JSON chart is missing");
    String docsAfter = Files.exists(docs) ? Files.readString(docs) : "";
    assertEquals(docsBefore, docsAfter, "A smoke run must leave docs/performance.md alone");
  }

  @Test
  void microbenchmarkSmokeRunWritesARowPerCase(@TempDir Path out) throws Exception {
    assumeTrue(onPath("taskset"), "util-linux is not installed");

    run("bench/jmh.sh", "--smoke", "--no-build", "--out", out.toString());

    String table = Files.readString(out.resolve("jmh.md"));
    for (String row :
        List.of("| `/api/hello` |", "| `/posts/42` |", "| `/no/such/page` |", "| `posts` |")) {
      assertTrue(table.contains(row), "No row " + row + " in:\n" + table);
    }
    assertTrue(
        table.contains("| path | carafe | catchAllPatterns | catchAllStar | javalin | regex |"),
        table);
    assertTrue(table.contains("| payload | carafe | javalin |"), table);
    assertTrue(table.contains("| case | carafe | byHand |"), table);
  }

  /** The blog benchmark: Carafe on SQLite (and PostgreSQL where installed) against Flask. */
  @Test
  void blogSmokeRunMeasuresTheIndexAndThePostListOfEverySubject(@TempDir Path out)
      throws Exception {
    assumeTrue(onPath("wrk"), "wrk is not installed (apt-get install wrk)");
    assumeTrue(onPath("taskset") && onPath("setsid") && onPath("curl"), "util-linux or curl");
    assumeTrue(onPath("gunicorn"), "Gunicorn is not installed (apt-get install gunicorn)");

    run("bench/blog.sh", "--smoke", "--out", out.toString());

    List<String> subjects = new ArrayList<>(List.of("carafe", "gunicorn"));
    if (Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
      subjects.add("carafe-postgresql");
    }
    String results = Files.readString(out.resolve("results.tsv"));
    for (String subject : subjects) {
      for (String path : List.of("/", "/api/posts")) {
        assertTrue(
            Pattern.compile("^" + subject + "\t" + path + "\t1\t[0-9.]+\t", Pattern.MULTILINE)
                .matcher(results)
                .find(),
            "No figure for " + subject + " " + path + " in:\n" + results);
      }
    }
  }

  /** The hostile-client harness on one attack and one target: it reports, it asserts nothing. */
  @Test
  void hostileQuickRunWritesATableRowForTheAttackItRan(@TempDir Path out) throws Exception {
    assumeTrue(onPath("curl") && onPath("setsid"), "curl or util-linux is not installed");

    run(
        "bench/hostile.sh",
        "--quick",
        "--no-build",
        "--targets",
        "prod",
        "--attacks",
        "request-id",
        "--workers",
        "1",
        "--out",
        out.toString());

    String table = Files.readString(out.resolve("table.md"));
    assertTrue(
        Pattern.compile(
                "^\\| request-id \\| prod \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9–]+ \\| [0-9]+ \\|",
                Pattern.MULTILINE)
            .matcher(table)
            .find(),
        "No row for the request-id attack in:\n" + table);
    assertTrue(table.contains("| settle 5 s | prod |"), "No settle row in:\n" + table);
  }

  private static void run(String... command) throws Exception {
    try (Launched bench = Launched.start(Launched.repo(), Map.of(), command)) {
      int code = bench.awaitExit(LIMIT);
      assertEquals(0, code, String.join(" ", command) + " failed:\n" + bench.output());
    }
  }

  private static boolean onPath(String tool) throws IOException, InterruptedException {
    Process which =
        new ProcessBuilder("sh", "-c", "command -v " + tool + " || test -x /usr/sbin/" + tool)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return which.waitFor() == 0;
  }
}
