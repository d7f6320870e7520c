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
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Carafe's logging when the app ships no {@code logback.xml}: a readable line per event in
 * development, one JSON object per line in production ({@code CARAFE_MODE=production} or {@code
 * -Dcarafe.mode=production}); the {@code log_format} setting ({@code text} or {@code json}) chooses
 * either in any mode. Both carry the request id of the logging context ({@link LogContext}). Jetty
 * stays at INFO: without a configuration Logback logs it at DEBUG, which costs two orders of
 * magnitude of throughput. Development logs the connection pool and the migrations only when they
 * warn, not at each reload.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  private static final String APPENDER = "console";

  /**
   * The context object naming the format of Carafe's appender; absent when the app set Logback up.
   */
  private static final String FORMAT = "carafe.log_format";

  /** How a line looks. */
  private enum Format {
    TEXT,
    JSON
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    Format format = given().orElse(isProduction() ? Format.JSON : Format.TEXT);
    root.addAppender(console(context, format, ConsoleTarget.SystemOut.getName()));
    context.getLogger("org.eclipse.jetty").setLevel(Level.INFO);
    context.getLogger("io.javalin").setLevel(Level.INFO);
    if (!isProduction()) {
      // The development server opens a new pool and checks the migrations at every reload.
      context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
      context.getLogger("org.flywaydb").setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Switches Carafe's console logging to the {@code log_format} setting ({@code text} or {@code
   * json}) once the configuration is read; does nothing when the app configures Logback itself.
   *
   * @throws IllegalArgumentException for another value
   */
  public static void useFormat(String setting) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      useFormat(context, setting);
    } else {
      parse(setting).orElseThrow(() -> unknown(setting));
    }
  }

  static void useFormat(LoggerContext context, String setting) {
    Format format = parse(setting).orElseThrow(() -> unknown(setting));
    Object inUse = context.getObject(FORMAT);
    if (inUse != null && !format.name().equals(inUse)) {
      replaceConsole(context, format, Optional.empty());
    }
  }

  /**
   * Sends Carafe's console logging to standard error, as readable lines unless a {@code log_format}
   * was given: a command's output ({@code routes}, {@code config}, the app's own) is its standard
   * output, for a pipe or a file, as with {@code flask routes}, and what it logs is read by the
   * person who ran it. Does nothing when the app configures Logback itself.
   */
  public static void toStandardError() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      toStandardError(context);
    }
  }

  static void toStandardError(LoggerContext context) {
    if (context.getObject(FORMAT) != null) {
      replaceConsole(context, given().orElse(Format.TEXT), Optional.of(ConsoleTarget.SystemErr));
      // The pool's "Starting..." and "Start completed." tell the person nothing a command says.
      context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    }
  }

  /** The format given as {@code CARAFE_LOG_FORMAT} or {@code -Dcarafe.log_format}, if any. */
  private static Optional<Format> given() {
    return Optional.ofNullable(
            System.getProperty("carafe.log_format", System.getenv("CARAFE_LOG_FORMAT")))
        .flatMap(LogConfigurator::parse);
  }

  /** Replaces Carafe's console appender: {@code format}, to {@code target} or where it wrote. */
  private static void replaceConsole(
      LoggerContext context, Format format, Optional<ConsoleTarget> target) {
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) instanceof ConsoleAppender<ILoggingEvent> current) {
      // The new appender joins before the old one leaves, so no line is lost in between.
      root.addAppender(
          console(context, format, target.map(ConsoleTarget::getName).orElse(current.getTarget())));
      root.detachAppender(current);
      current.stop();
    }
  }

  private static IllegalArgumentException unknown(String setting) {
    return new IllegalArgumentException("log_format must be text or json, got '" + setting + "'.");
  }

  static boolean isProduction() {
    String mode =
        System.getProperty("carafe.mode", System.getenv().getOrDefault("CARAFE_MODE", ""));
    return mode.toLowerCase(Locale.ROOT).startsWith("prod");
  }

  private static Optional<Format> parse(String setting) {
    return switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(Format.TEXT);
      case "json" -> Optional.of(Format.JSON);
      default -> Optional.empty();
    };
  }

  private static ConsoleAppender<ILoggingEvent> console(
      LoggerContext context, Format format, String target) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(APPENDER);
    console.setTarget(target);
    console.setEncoder(format == Format.JSON ? json(context) : pattern(context));
    console.start();
    context.putObject(FORMAT, format.name());
    return console;
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
    encoder.setWithMDC(true); // the request id, as "mdc": {"request_id": "..."}
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> pattern(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    // The request id in brackets before the message, when the line belongs to a request. A
    // terminal gets colours and the time; a production log the date and no escape codes.
    String requestId = "%replace([%X{request_id}] ){'^\\[\\] $', ''}";
    encoder.setPattern(
        isProduction()
            ? "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{24} " + requestId + "%msg%n"
            : "%d{HH:mm:ss.SSS} %highlight(%-5level) %cyan(%logger{24}) " + requestId + "%msg%n");
    encoder.start();
    return encoder;
  }
}
