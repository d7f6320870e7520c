package dev.carafe.cli;

import dev.carafe.Config;
import dev.carafe.prod.AotRecorder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code carafe record-aot-cache}: the workers' AOT cache, recorded when the app is packaged. */
@Command(
    name = "record-aot-cache",
    hidden = true,
    description =
        "Record the workers' AOT cache (JDK 25+) of this build, for the master of the packaged app"
            + " to start its first workers from.")
final class RecordAotCache implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--into",
      paramLabel = "FOLDER",
      description = "Where to put the cache (default: the packaged app's aot/ folder).")
  Path into;

  @Override
  public Integer call() {
    Config config = main.config(Map.of());
    return AotRecorder.run(
        Main.class.getName(),
        main.appClass(config),
        Optional.ofNullable(main.configFile),
        config,
        main.settings,
        Optional.ofNullable(into));
  }
}
