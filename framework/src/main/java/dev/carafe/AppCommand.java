package dev.carafe;

import java.util.List;

/** A command an app adds to its command line, like Flask's {@code @app.cli.command}. */
@FunctionalInterface
public interface AppCommand {
  /** Runs the command; the return value is the process exit code. */
  int run(Carafe app, List<String> args) throws Exception;
}
