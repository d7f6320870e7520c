package dev.carafe.cli;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Route;
import dev.carafe.internal.AppLoader;
import dev.carafe.internal.LogConfigurator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * The {@code carafe} command line: {@code routes}, {@code config}, the app's own commands, and the
 * servers ({@code run} for development, {@code serve} for production).
 */
@Command(
    name = "carafe",
    mixinStandardHelpOptions = true,
    description = "Run and inspect a Carafe application.",
    subcommands = {
      Run.class,
      Serve.class,
      Serve.WorkerCommand.class,
      RecordAotCache.class,
      Main.Routes.class,
      Main.ShowConfig.class
    })
public final class Main implements Callable<Integer> {
  // The global options are inherited: `serve --config f` and `--config f serve` mean the same.
  @Option(
      names = "--app",
      scope = ScopeType.INHERIT,
      description =
          "The app class: it has `public static Carafe create(Config)`. Default: the app key"
              + " ($CARAFE_APP, or app= in carafe.properties).")
  String app = "";

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      description = "A properties file (default: ./carafe.properties if present).")
  Path configFile;

  final Map<String, String> settings = new LinkedHashMap<>();

  // A setter rather than a field: picocli would give a subcommand's -D a fresh map and drop the
  // ones given before the subcommand's name.
  @Option(
      names = {"-D", "--set"},
      scope = ScopeType.INHERIT,
      paramLabel = "KEY=VALUE",
      description = "Set a configuration key: -D key=value (repeatable).")
  void set(Map<String, String> values) {
    settings.putAll(values);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The commands that serve: their logs are their output. */
  private static final Set<String> SERVERS = Set.of("run", "serve", "worker", "record-aot-cache");

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    int at = firstPositional(args);
    if (at >= 0 && !SERVERS.contains(args[at])) {
      LogConfigurator.toStandardError();
    }
    if (at >= 0 && !cli.getSubcommands().containsKey(args[at])) {
      return runAppCommand(
          cli, List.of(args).subList(0, at), args[at], List.of(args).subList(at + 1, args.length));
    }
    return cli.execute(args);
  }

  /** Runs a command the app added with {@link Carafe#command}, such as {@code init-db}. */
  private static int runAppCommand(
      CommandLine cli, List<String> options, String name, List<String> rest) {
    try {
      cli.parseArgs(options.toArray(String[]::new));
      Main main = cli.getCommand();
      Carafe app = main.loadApp(main.config(Map.of()));
      if (!app.commands().containsKey(name)) {
        System.err.println(
            "Unknown command '"
                + name
                + "'. Built-in: "
                + cli.getSubcommands().keySet()
                + "; the app's: "
                + app.commands().keySet());
        return 2;
      }
      return app.runCommand(name, rest);
    } catch (CommandLine.ParameterException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("Command '" + name + "' failed: " + e);
      return 1;
    }
  }

  /** The index of the first argument that is not an option or an option's value, or -1. */
  private static int firstPositional(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--app") || a.equals("--config") || a.equals("-D") || a.equals("--set")) {
        i++;
      } else if (!a.startsWith("-")) {
        return i;
      }
    }
    return -1;
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main()).setUnmatchedOptionsArePositionalParams(false);
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** The configuration of this run; its log_format, if set, takes effect at once. */
  Config config(Map<String, String> flags) {
    Map<String, String> all = new LinkedHashMap<>(settings);
    all.putAll(flags);
    return withLogFormat(Config.load(Optional.ofNullable(configFile), System.getenv(), all));
  }

  /** Switches the console log to the configuration's log_format, if it sets one. */
  Config withLogFormat(Config config) {
    try {
      config.get("log_format").ifPresent(LogConfigurator::useFormat);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    return config;
  }

  /**
   * The app class: {@code --app}, else the configuration's {@code app} key ({@code CARAFE_APP},
   * {@code -D app=...} or {@code app=} in the properties file).
   */
  String appClass(Config config) {
    String chosen = app.isBlank() ? config.get("app", "").trim() : app.trim();
    if (chosen.isEmpty()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "No app given: pass --app com.example.App, set CARAFE_APP, or put app=com.example.App"
              + " in carafe.properties.");
    }
    return chosen;
  }

  Carafe loadApp(Config config) {
    return AppLoader.load(
        appClass(config), Carafe.class, config, Thread.currentThread().getContextClassLoader());
  }

  /**
   * Lists routes like {@code flask routes}: the rule as written, converter arguments included, and
   * an Options column when a route has defaults or strict slashes off.
   */
  @Command(
      name = "routes",
      description = "List the app's routes: endpoint, methods, rule (and options, when set).")
  static final class Routes implements Callable<Integer> {
    @ParentCommand Main main;

    @Override
    public Integer call() {
      List<Route> routes = main.loadApp(main.config(Map.of())).routes();
      boolean options = routes.stream().anyMatch(r -> !options(r).isEmpty());
      List<String[]> rows = new ArrayList<>();
      rows.add(
          options
              ? new String[] {"Endpoint", "Methods", "Rule", "Options"}
              : new String[] {"Endpoint", "Methods", "Rule"});
      for (Route route : routes) {
        String methods = String.join(", ", new TreeSet<>(route.methods()));
        rows.add(
            options
                ? new String[] {route.endpoint(), methods, route.rule(), options(route)}
                : new String[] {route.endpoint(), methods, route.rule()});
      }
      System.out.print(table(rows));
      return 0;
    }

    /** A route's options in Flask's words, e.g. {@code defaults page=1, strict_slashes off}. */
    private static String options(Route route) {
      List<String> options = new ArrayList<>();
      if (!route.defaults().isEmpty()) {
        StringJoiner defaults = new StringJoiner(", ", "defaults ", "");
        route.defaults().forEach((name, value) -> defaults.add(name + "=" + value));
        options.add(defaults.toString());
      }
      if (!route.strictSlashes()) {
        options.add("strict_slashes off");
      }
      return String.join("; ", options);
    }
  }

  /** Prints the effective configuration with secrets masked. */
  @Command(
      name = "config",
      description =
          "Print the effective configuration (secrets masked) and where each value came from.")
  static final class ShowConfig implements Callable<Integer> {
    @ParentCommand Main main;

    @Override
    public Integer call() {
      Config config = main.config(Map.of());
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"Key", "Value", "Source"});
      config
          .masked()
          .forEach(
              (k, v) ->
                  rows.add(
                      new String[] {
                        k,
                        v,
                        config.source(k).orElseThrow().name().toLowerCase(java.util.Locale.ROOT)
                      }));
      System.out.print(table(rows));
      return 0;
    }
  }

  static String table(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      appendRow(out, rows.get(r), widths);
      if (r == 0) {
        String[] rule = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
          rule[i] = "-".repeat(widths[i]);
        }
        appendRow(out, rule, widths);
      }
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String[] row, int[] widths) {
    for (int i = 0; i < row.length; i++) {
      out.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
    }
    out.append('\n');
  }
}
