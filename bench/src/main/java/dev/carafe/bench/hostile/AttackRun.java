package dev.carafe.bench.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Runs the chosen attacks against one target, one after another: before each, it waits for the
 * target to calm down; during each, a {@link HealthyClient} measures what a normal visitor gets;
 * after the last, it lets the target settle and measures its workers once more. Each result is a
 * {@link Row} appended to the rows file.
 */
final class AttackRun {
  private static final Duration CALM_LIMIT = Duration.ofSeconds(60);
  private static final Duration PROMPT = Duration.ofSeconds(1);

  private final Target target;
  private final List<Plan> plans;
  private final Duration budget;
  private final Duration settle;
  private final boolean quick;
  private final Path rows;

  AttackRun(
      Target target, List<Plan> plans, Duration budget, Duration settle, boolean quick, Path rows) {
    this.target = target;
    this.plans = plans;
    this.budget = budget;
    this.settle = settle;
    this.quick = quick;
    this.rows = rows;
  }

  void run() throws Exception {
    String username = "hostile-" + Long.toString(System.nanoTime(), 36);
    byte[] secret = new byte[12];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    new Visitor(target).register(username, password);
    Context context = new Context(target, budget, quick, username, password);

    calm();
    Workers start = Workers.of(target);
    say("workers at the start: " + start.describe());
    boolean settled = false;
    for (Plan plan : plans) {
      if (plan.endsTarget() && !settled) {
        settleRow(start);
        settled = true;
      }
      Workers before = Workers.of(target);
      say(plan.label() + ": running");
      Outcome outcome;
      HealthyClient.Stats stats = null;
      if (plan.endsTarget()) {
        outcome = attempt(plan, context);
      } else {
        HealthyClient healthy = HealthyClient.start(target, budget.plusMinutes(3));
        outcome = attempt(plan, context);
        stats = healthy.stop();
      }
      Workers after = Workers.of(target);
      // A worker killed for missing heartbeats under the attack goes some time after it.
      boolean calmed = plan.endsTarget() || calm();
      Workers afterCalm = Workers.of(target);
      String finding = outcome.finding();
      if (stats != null && stats.failed() > 0) {
        finding += "; healthy failures: " + stats.failures();
      }
      if (!calmed) {
        finding += "; still busy " + CALM_LIMIT.toSeconds() + " s after the attack";
      }
      Row row =
          new Row(
              plan.label(),
              target.name(),
              String.valueOf(outcome.requests()),
              stats == null ? Row.NONE : String.valueOf(stats.requests()),
              stats == null ? Row.NONE : String.valueOf(stats.failed()),
              stats == null || Double.isNaN(stats.p99Millis())
                  ? Row.NONE
                  : String.format(Locale.ROOT, "%.0f", stats.p99Millis()),
              String.valueOf(before.lostIn(afterCalm)),
              before.describe(),
              plan.endsTarget() ? Row.NONE : after.describe(),
              finding);
      write(row);
    }
    if (!settled) {
      settleRow(start);
    }
  }

  private Outcome attempt(Plan plan, Context context) {
    try {
      return plan.attack().run(context);
    } catch (Exception e) {
      return new Outcome(0, "the attack itself failed: " + e);
    }
  }

  private void settleRow(Workers start) throws IOException, InterruptedException {
    say("settling for " + settle.toSeconds() + " s");
    Thread.sleep(settle.toMillis());
    Workers now = Workers.of(target);
    write(
        new Row(
            "settle " + settle.toSeconds() + " s",
            target.name(),
            Row.NONE,
            Row.NONE,
            Row.NONE,
            Row.NONE,
            String.valueOf(start.lostIn(now)),
            start.describe(),
            now.describe(),
            "from the start of this target's run to the end of the settle period"));
  }

  /**
   * Waits until the target answers its health check promptly three times in a row, so one attack's
   * aftermath (a backlog of queued guesses, a worker killed for missing heartbeats, one restarting)
   * is not the next one's. False when it did not within {@link #CALM_LIMIT}.
   */
  private boolean calm() throws InterruptedException {
    long deadline = System.nanoTime() + CALM_LIMIT.toNanos();
    int prompt = 0;
    byte[] head = HttpConnection.head(target, "GET", "/healthz", List.of("Connection: close"), -1);
    while (prompt < 3 && System.nanoTime() < deadline) {
      if (ProcessHandle.of(target.pid()).map(p -> !p.isAlive()).orElse(true)) {
        say("the server process " + target.pid() + " is gone");
        return false;
      }
      try (HttpConnection connection = HttpConnection.open(target, PROMPT)) {
        prompt = connection.exchange(head, new byte[0], PROMPT).status() == 200 ? prompt + 1 : 0;
      } catch (IOException e) {
        prompt = 0;
      }
      Thread.sleep(200);
    }
    if (prompt < 3) {
      say("the target did not calm down within " + CALM_LIMIT.toSeconds() + " s; going on");
    }
    return prompt == 3;
  }

  private void write(Row row) throws IOException {
    Files.writeString(
        rows,
        row.tsv() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    say(
        row.attack()
            + ": healthy "
            + row.healthyFailed()
            + " failed of "
            + row.healthyRequests()
            + ", workers lost "
            + row.workersLost()
            + "; "
            + row.finding());
  }

  private void say(String line) {
    System.out.println("hostile: " + target.name() + ": " + line);
    System.out.flush();
  }
}
