package dev.carafe.prod;

import dev.carafe.Config;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a worker JVM is started: its command line, environment and standard streams. The master and
 * {@code record-aot-cache} both start workers through it, so that a cache recorded by one is a
 * cache the other's workers take.
 */
final class WorkerLaunch {
  private final String main;
  private final String appClass;
  private final Optional<Path> configFile;
  private final ProdConfig settings;
  private final Map<String, String> environment = new LinkedHashMap<>();

  /**
   * Workers of {@code appClass}, run by {@code main}'s {@code worker} command. {@code flags} are
   * the command-line settings; workers get them as {@code CARAFE_*} variables so they see the same
   * configuration without secrets showing up in {@code ps}.
   */
  WorkerLaunch(
      String main,
      String appClass,
      Optional<Path> configFile,
      ProdConfig settings,
      Map<String, String> flags) {
    this.main = main;
    this.appClass = appClass;
    this.configFile = configFile;
    this.settings = settings;
    flags.forEach((k, v) -> environment.put(Config.environmentName(k), v));
    environment.put(Config.environmentName("mode"), "production");
  }

  /**
   * A serving worker, mapping the AOT cache {@code aotFile} when it exists. Its request limit is
   * max_requests plus up to max_requests_jitter, so that workers started together do not all
   * recycle at once.
   */
  ProcessBuilder worker(Release release, int generation, int id, Optional<Path> aotFile) {
    long limit = 0;
    if (settings.maxRequests() > 0) {
      limit =
          settings.maxRequests()
              + ThreadLocalRandom.current().nextLong(settings.maxRequestsJitter() + 1);
    }
    return builder(release, generation, id, limit, AotCache.options(aotFile, false, 0, id));
  }

  /**
   * A recorder: a worker that warms up, writes the AOT cache {@code cache} and exits without
   * serving. Its part file is named after this process, which owns the recording.
   */
  ProcessBuilder recorder(Release release, int generation, int id, Path cache) {
    List<String> aotOptions =
        AotCache.options(Optional.of(cache), true, ProcessHandle.current().pid(), id);
    ProcessBuilder builder = builder(release, generation, id, 0, aotOptions);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD); // its messages: nobody waits for READY
    return builder;
  }

  private ProcessBuilder builder(
      Release release, int generation, int id, long requestLimit, List<String> aotOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.workerJvmOptions());
    // Standard output is the pipe to the master: the JVM's own output, such as the thread dump
    // that QUIT prints, goes to standard error with the worker's logs.
    command.add("-XX:+DisplayVMOutputToStderr");
    command.addAll(aotOptions);
    command.add("-Dcarafe.mode=production");
    command.add("-cp");
    command.add(release.classPath());
    command.add(main);
    command.add("--app");
    command.add(appClass);
    configFile.ifPresent(
        f -> {
          command.add("--config");
          command.add(f.toString());
        });
    command.addAll(
        List.of(
            "worker",
            "--id",
            String.valueOf(id),
            "--generation",
            String.valueOf(generation),
            "--request-limit",
            String.valueOf(requestLimit)));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    // A unix socket reaches the workers as the master's standard input (see run-prod.sh).
    builder.redirectInput(
        settings.bind().isUnix()
            ? ProcessBuilder.Redirect.INHERIT
            : ProcessBuilder.Redirect.from(new File("/dev/null")));
    return builder;
  }
}
