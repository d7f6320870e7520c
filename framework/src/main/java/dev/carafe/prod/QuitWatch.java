package dev.carafe.prod;

import java.time.Duration;
import jdk.jfr.consumer.RecordingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices SIGQUIT. HotSpot reserves QUIT for thread dumps and refuses Java handlers for it, so the
 * master watches its own flight recorder instead: a thread dump requested by the VM's signal
 * dispatcher (not by jstack, which comes through the attach listener) means someone sent QUIT. The
 * dump is still printed; the stop follows within about a second.
 */
final class QuitWatch {
  private static final Logger LOG = LoggerFactory.getLogger(QuitWatch.class);
  private static final String EVENT = "jdk.ExecuteVMOperation";

  private QuitWatch() {}

  /** Starts watching in the background; {@code onQuit} runs (on the recorder's thread) per QUIT. */
  static void start(Runnable onQuit) {
    Thread starter =
        new Thread(
            () -> {
              try {
                RecordingStream stream = new RecordingStream();
                stream.enable(EVENT).withThreshold(Duration.ZERO);
                stream.setMaxAge(Duration.ofSeconds(10));
                stream.onEvent(
                    EVENT,
                    event -> {
                      var caller = event.getThread("caller");
                      if ("PrintThreads".equals(event.getString("operation"))
                          && caller != null
                          && "Signal Dispatcher".equals(caller.getJavaName())) {
                        onQuit.run();
                      }
                    });
                stream.startAsync();
              } catch (RuntimeException | LinkageError e) {
                LOG.warn("SIGQUIT will only print a thread dump: no flight recorder ({})", e);
              }
            },
            "carafe-quit-watch");
    starter.setDaemon(true);
    starter.start();
  }
}
