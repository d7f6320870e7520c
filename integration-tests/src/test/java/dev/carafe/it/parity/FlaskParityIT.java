package dev.carafe.it.parity;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.carafe.Carafe;
import dev.carafe.it.Launched;
import dev.carafe.it.parity.Browser.Reply;
import dev.carafe.it.parity.ParityRows.Row;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Shows that Carafe answers as Flask does by asking both: the Flask 2.2 app {@code
 * parity/flask/parity_app.py}, served by Debian's Flask under Gunicorn (one sync worker), and its
 * Carafe twin {@link ParityTwin} on Carafe's own server, get the same requests ({@link
 * ParityRows}); each row compares the answers' status, the headers it names and the body, and a
 * mismatch prints both side by side. Skipped where {@code /usr/bin/python3} has no Flask 2.2 with
 * Gunicorn ({@code ./run-tests.sh} installs {@code python3-flask} and {@code gunicorn}).
 */
class FlaskParityIT {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  /** Debian's packages only: no user site (a newer Flask there), no bytecode in target/. */
  private static final Map<String, String> PYTHON_ENV =
      Map.of("PYTHONNOUSERSITE", "1", "PYTHONDONTWRITEBYTECODE", "1");

  private static final List<String> VERDICTS = Collections.synchronizedList(new ArrayList<>());

  private static Launched flask;
  private static String flaskOrigin;
  private static ParityTwin twin;
  private static Carafe carafe;
  private static String carafeOrigin;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "No " + PYTHON + " (apt-get install python3)");
    String versions = debianFlask();
    assumeTrue(
        versions.startsWith("2.2."),
        "FlaskParityIT compares with Flask 2.2 under Gunicorn for "
            + PYTHON
            + " (apt-get install python3-flask gunicorn); found: "
            + versions);
    Path appFolder =
        Path.of(FlaskParityIT.class.getResource("/parity/flask/parity_app.py").toURI()).getParent();
    int port = Launched.freePort();
    flask =
        Launched.start(
            appFolder,
            PYTHON_ENV,
            PYTHON.toString(),
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--bind",
            "127.0.0.1:" + port,
            "parity_app:app");
    flaskOrigin = "http://127.0.0.1:" + port;
    flask.awaitHttp(flaskOrigin + "/", 200, Duration.ofSeconds(60));
    twin = new ParityTwin();
    carafe = twin.app().start("127.0.0.1", 0);
    carafeOrigin = "http://127.0.0.1:" + carafe.port();
  }

  @AfterAll
  static void stop() {
    if (!VERDICTS.isEmpty()) {
      System.out.println("Carafe against Flask 2.2, row by row:\n" + String.join("\n", VERDICTS));
    }
    if (carafe != null) {
      carafe.stop();
    }
    if (flask != null) {
      flask.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> carafeAnswersAsFlaskDoes() {
    return ParityRows.ALL.stream().map(row -> dynamicTest(row.name(), () -> check(row)));
  }

  private static void check(Row row) throws Exception {
    Browser atFlask = new Browser(flaskOrigin);
    Browser atCarafe = new Browser(carafeOrigin);
    Reply fromFlask = row.requests().send(atFlask);
    Reply fromCarafe = row.requests().send(atCarafe);
    String flaskSays = row.summary(fromFlask);
    if (!flaskSays.equals(row.flask())) {
      VERDICTS.add("  TABLE WRONG " + row.name());
      fail(
          "The row states Flask answers\n  "
              + row.flask()
              + "\nbut Flask 2.2 answered\n  "
              + flaskSays
              + "\nFix the row.\n"
              + flask.output());
    }
    boolean same = row.summary(fromCarafe).equals(flaskSays);
    VERDICTS.add((same ? "  same     " : "  DIFFERS  ") + row.name());
    if (!same) {
      fail(sideBySide(row, atFlask, fromFlask, atCarafe, fromCarafe));
    }
  }

  /**
   * Each aspect on a line: its name, Flask's answer, Carafe's, and a mark where they differ; then
   * the requests each side was sent, for rows of several steps.
   */
  private static String sideBySide(
      Row row, Browser atFlask, Reply fromFlask, Browser atCarafe, Reply fromCarafe) {
    StringBuilder table = new StringBuilder(row.name()).append('\n');
    String line = "%s %-14s %-44s %s%n";
    table.append(String.format(line, " ", "", "Flask 2.2", "Carafe"));
    for (Aspect aspect : row.aspects()) {
      String flaskValue = aspect.read().apply(fromFlask);
      String carafeValue = aspect.read().apply(fromCarafe);
      table.append(
          String.format(
              line,
              flaskValue.equals(carafeValue) ? " " : "≠",
              aspect.label(),
              flaskValue,
              carafeValue));
    }
    List<String> flaskSteps = atFlask.exchanges();
    List<String> carafeSteps = atCarafe.exchanges();
    if (flaskSteps.size() > 1) {
      for (int i = 0; i < flaskSteps.size(); i++) {
        String carafeStep = i < carafeSteps.size() ? carafeSteps.get(i) : "";
        table.append(
            String.format(line, " ", i == 0 ? "requests" : "", flaskSteps.get(i), carafeStep));
      }
    }
    if (!twin.refused().isEmpty()) {
      table.append("Rules the Carafe twin could not register:\n  ");
      table.append(String.join("\n  ", twin.refused())).append('\n');
    }
    return table.toString();
  }

  /** The Flask and Gunicorn versions of Debian's Python, or the error that says why not. */
  private static String debianFlask() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                PYTHON.toString(),
                "-c",
                "import flask, gunicorn; print(flask.__version__, 'gunicorn', gunicorn.__version__)")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(PYTHON_ENV);
    Process probe = builder.start();
    List<String> lines =
        new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    probe.waitFor(30, TimeUnit.SECONDS);
    return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
  }
}
