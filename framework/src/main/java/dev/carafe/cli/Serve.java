package dev.carafe.cli;

import dev.carafe.Config;
import dev.carafe.prod.Arbiter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code carafe serve}: the production master, supervising worker JVMs. */
@Command(
    name = "serve",
    description =
        "Serve the app in production: a master supervising worker processes on 127.0.0.1:8000.")
final class Serve implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--workers", description = "Worker processes (default: CPU count, at least 2).")
  String workers;

  @Option(
      names = "--threads",
      description = "Threads per worker, or 'virtual' on JDK 21+ (default 32).")
  String threads;

  @Option(names = "--bind", description = "HOST:PORT or unix:PATH (default 127.0.0.1:8000).")
  String bind;

  @Option(names = "--pid", description = "Write the master's pid to this file.")
  String pid;

  @Option(
      names = "--timeout",
      description = "Seconds without a heartbeat before a worker is killed (default 30).")
  String timeout;

  @Option(
      names = "--request-timeout",
      description = "Seconds before a request is answered 503 (default 0: off).")
  String requestTimeout;

  @Option(
      names = "--graceful-timeout",
      description = "Seconds a draining worker may take (default 30).")
  String gracefulTimeout;

  @Option(
      names = "--max-requests",
      description = "Recycle a worker after this many requests (default 0: never).")
  String maxRequests;

  @Option(
      names = "--max-requests-jitter",
      description = "Add up to this many requests at random (default 0).")
  String maxRequestsJitter;

  @Option(
      names = "--forwarded-allow-ips",
      description = "Proxies whose X-Forwarded-* headers are believed (default 127.0.0.1,::1).")
  String forwardedAllowIps;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, "workers", workers);
    put(flags, "threads", threads);
    put(flags, "bind", bind);
    put(flags, "pid", pid);
    put(flags, "timeout", timeout);
    put(flags, "request_timeout", requestTimeout);
    put(flags, "graceful_timeout", gracefulTimeout);
    put(flags, "max_requests", maxRequests);
    put(flags, "max_requests_jitter", maxRequestsJitter);
    put(flags, "forwarded_allow_ips", forwardedAllowIps);
    flags.put("mode", "production");
    Config config = main.config(flags);
    try {
      config.checkProductionSecret();
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    main.loadApp(config); // fail here, once, rather than in every worker
    return new Arbiter(config, workerArgs(flags)).run();
  }

  /** The master's own arguments, so workers see exactly the configuration the master saw. */
  private List<String> workerArgs(Map<String, String> flags) {
    List<String> args = new ArrayList<>(List.of("--app", main.app));
    if (main.configFile != null) {
      args.add("--config");
      args.add(main.configFile.toString());
    }
    Map<String, String> all = new LinkedHashMap<>(main.settings);
    all.putAll(flags);
    all.forEach(
        (k, v) -> {
          args.add("-D");
          args.add(k + "=" + v);
        });
    return args;
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
