package dev.carafe.cli;

import dev.carafe.Config;
import dev.carafe.prod.Arbiter;
import dev.carafe.prod.Worker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code carafe serve}: the production server (a master supervising worker processes). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the app in production: a master process supervising worker processes on"
            + " 127.0.0.1:8000. Each option is also a configuration key and a CARAFE_* variable.")
final class Serve implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--workers", paramLabel = "N", description = "Worker processes (default 2).")
  String workers;

  @Option(
      names = "--threads",
      paramLabel = "N|virtual",
      description =
          "Request threads per worker (default 4 per core, at least 8), or 'virtual' for a"
              + " virtual thread per request (JDK 21+).")
  String threads;

  @Option(
      names = "--bind",
      paramLabel = "HOST:PORT|unix:PATH",
      description = "Where to listen (default 127.0.0.1:8000).")
  String bind;

  @Option(names = "--pid", paramLabel = "FILE", description = "Write the master's pid here.")
  String pid;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description =
          "Kill and replace a worker silent, or finishing no request while work waits, for this"
              + " long (default 30).")
  String timeout;

  @Option(
      names = "--request-timeout",
      paramLabel = "S",
      description =
          "Answer 503 to a request still running after this long; shorter than --timeout"
              + " (default 20).")
  String requestTimeout;

  @Option(
      names = "--graceful-timeout",
      paramLabel = "S",
      description = "Time a stopping worker has to finish its requests (default 30).")
  String gracefulTimeout;

  @Option(
      names = "--max-requests",
      paramLabel = "N",
      description = "Replace a worker after this many requests (default 0: never).")
  String maxRequests;

  @Option(
      names = "--max-requests-jitter",
      paramLabel = "N",
      description =
          "Add up to this many to max-requests per worker, so they do not all recycle at once.")
  String maxRequestsJitter;

  @Option(
      names = "--forwarded-allow-ips",
      paramLabel = "LIST",
      description =
          "Addresses and CIDR blocks whose X-Forwarded-* headers are believed (default loopback).")
  String forwardedAllowIps;

  @Option(names = "--with-nginx", description = "Start the bundled nginx.conf in front.")
  boolean withNginx;

  @Option(
      names = "--nginx-bind",
      paramLabel = "HOST:PORT",
      description = "Where the nginx of --with-nginx listens (default: its listen.conf).")
  String nginxBind;

  @Option(
      names = "--metrics-bind",
      paramLabel = "HOST:PORT|off",
      description =
          "Where the master serves every worker's metrics at /metrics (default 127.0.0.1:9464),"
              + " or off.")
  String metricsBind;

  @Override
  public Integer call() {
    Map<String, String> flags = new LinkedHashMap<>(main.settings);
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
    put(flags, "nginx_bind", nginxBind);
    put(flags, "metrics_bind", metricsBind);
    if (withNginx) {
      flags.put("with_nginx", "true");
    }
    Config config = main.config(flags);
    return Arbiter.run(
        Main.class.getName(),
        main.appClass(config),
        Optional.ofNullable(main.configFile),
        config,
        flags);
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }

  /** {@code carafe worker}: one worker process, started by the master; not for direct use. */
  @Command(name = "worker", hidden = true, description = "A worker process (started by serve).")
  static final class WorkerCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = "--id", required = true)
    int id;

    @Option(names = "--generation", defaultValue = "1")
    int generation;

    @Option(names = "--request-limit", defaultValue = "0")
    long requestLimit;

    @Override
    public Integer call() {
      Config config = main.config(Map.of());
      return Worker.run(main.appClass(config), config, id, generation, requestLimit);
    }
  }
}
