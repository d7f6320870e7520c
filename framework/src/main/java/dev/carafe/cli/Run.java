package dev.carafe.cli;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code carafe run}: the development server. */
@Command(name = "run", description = "Serve the app for development on 127.0.0.1:5000.")
final class Run implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--host", description = "Interface to bind (default 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Port (default 5000).")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new LinkedHashMap<>();
    if (host != null) {
      flags.put("host", host);
    }
    if (port != null) {
      flags.put("port", String.valueOf(port));
    }
    Config config = main.config(flags);
    Carafe app = main.loadApp(config);
    app.start();
    System.out.println(" * Carafe development server - do not use it in production.");
    System.out.println(
        " * Serving on http://" + config.get("host", "127.0.0.1") + ":" + app.port() + "/");
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    forever.await();
    return 0;
  }
}
