package dev.tasker.gateway.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event written while it is open (all loggers, all threads), and renders each as the
 * JSON line the gateway writes with {@code log_format=json}: message, arguments, MDC and stack trace; or as
 * the text line of the console appender configured by {@code logback.xml}.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final LogstashEncoder encoder = new LogstashEncoder();
    private final Logger root;

    private LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** Every captured event as one JSON line. */
    public List<String> lines() {
        return events().stream().map(e -> new String(encoder.encode(e), StandardCharsets.UTF_8).strip()).toList();
    }

    /** Every captured event as the console appender of {@code logback.xml} writes it ({@code log_format=text}). */
    public List<String> textLines() {
        if (!(root.getAppender("STDOUT") instanceof OutputStreamAppender<ILoggingEvent> console)) {
            throw new IllegalStateException("logback.xml has no STDOUT console appender");
        }
        Encoder<ILoggingEvent> text = console.getEncoder();
        return events().stream().map(e -> new String(text.encode(e), StandardCharsets.UTF_8).strip()).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
