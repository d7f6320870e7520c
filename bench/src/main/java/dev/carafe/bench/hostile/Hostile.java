package dev.carafe.bench.hostile;

import dev.carafe.bench.hostile.Target.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The attack driver behind bench/hostile.sh: {@code attack} runs attacks against one running target
 * and appends their rows to a file; {@code table} prints such a file as Markdown.
 */
@Command(
    name = "hostile",
    mixinStandardHelpOptions = true,
    subcommands = {Hostile.AttackCommand.class, Hostile.TableCommand.class},
    description = "Hostile clients against a Carafe server on this machine (bench/hostile.sh).")
public final class Hostile implements Runnable {
  private Hostile() {}

  /** Runs a subcommand; see {@code --help}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Hostile()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "attack", description = "Attacks one running target; appends rows to a file.")
  static final class AttackCommand implements Callable<Integer> {
    @Option(names = "--target", required = true, description = "prod, nginx or dev")
    String target;

    @Option(names = "--port", required = true, description = "The target's port on 127.0.0.1.")
    int port;

    @Option(
        names = "--pid",
        required = true,
        description = "The production master's pid, or the development server's.")
    long pid;

    @Option(
        names = "--attacks",
        defaultValue = "all",
        description = "Comma-separated attack names, or all (those meant for the target).")
    String attacks;

    @Option(names = "--budget", defaultValue = "40", description = "Seconds per attack at most.")
    int budget;

    @Option(
        names = "--settle",
        defaultValue = "60",
        description = "Seconds to wait after the attacks before measuring the workers again.")
    int settle;

    @Option(names = "--quick", description = "Fewer rounds and requests: a smoke run.")
    boolean quick;

    @Option(names = "--rows", required = true, description = "The file rows are appended to.")
    Path rows;

    @Override
    public Integer call() throws Exception {
      Kind kind = Kind.valueOf(target.toUpperCase(Locale.ROOT));
      List<Plan> plans = new ArrayList<>();
      if (attacks.equals("all")) {
        Arrays.stream(Plan.values()).filter(p -> p.meantFor(kind)).forEach(plans::add);
      } else {
        List<String> named = List.of(attacks.split(","));
        named.forEach(Plan::named); // an unknown name fails here, with the known ones
        for (Plan plan : Plan.values()) {
          if (named.contains(plan.label()) && plan.possibleFor(kind)) {
            plans.add(plan);
          }
        }
      }
      new AttackRun(
              new Target(target, "127.0.0.1", port, pid, kind),
              plans,
              Duration.ofSeconds(budget),
              Duration.ofSeconds(settle),
              quick,
              rows)
          .run();
      return 0;
    }
  }

  @Command(name = "table", description = "Prints a rows file as a Markdown table.")
  static final class TableCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The rows file.")
    Path rows;

    @Override
    public Integer call() throws Exception {
      List<Row> parsed = new ArrayList<>();
      for (String line : Files.readAllLines(rows, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          parsed.add(Row.parse(line));
        }
      }
      System.out.print(Table.render(parsed));
      return 0;
    }
  }
}
