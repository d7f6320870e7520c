package dev.carafe.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Carafe's logging when the app ships no {@code logback.xml}: a readable line per event in
 * development, one JSON object per line in production ({@code CARAFE_MODE=production} or {@code
 * -Dcarafe.mode=production}). Jetty stays at INFO: without a configuration Logback logs it at
 * DEBUG, which costs two orders of magnitude of throughput. Development logs the connection pool
 * and the migrations only when they warn, not at each reload.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(isProduction() ? json(context) : pattern(context));
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    context.getLogger("org.eclipse.jetty").setLevel(Level.INFO);
    context.getLogger("io.javalin").setLevel(Level.INFO);
    if (!isProduction()) {
      // The development server opens a new pool and checks the migrations at every reload.
      context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
      context.getLogger("org.flywaydb").setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  static boolean isProduction() {
    String mode =
        System.getProperty("carafe.mode", System.getenv().getOrDefault("CARAFE_MODE", ""));
    return mode.toLowerCase(Locale.ROOT).startsWith("prod");
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.setWithMDC(false);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> pattern(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %highlight(%-5level) %cyan(%logger{24}) %msg%n");
    encoder.start();
    return encoder;
  }
}
