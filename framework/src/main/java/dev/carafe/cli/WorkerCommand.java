package dev.carafe.cli;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.prod.Worker;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code carafe worker}: one worker process, started by the master (not by hand). */
@Command(name = "worker", hidden = true, description = "A worker process; the master starts these.")
final class WorkerCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    Config config = main.config(Map.of());
    Carafe app;
    try {
      app = main.loadApp(config);
    } catch (RuntimeException | LinkageError e) {
      System.err.println("The app failed to load: " + e);
      e.printStackTrace();
      return Worker.BOOT_FAILED;
    }
    return Worker.run(app, config);
  }
}
