package dev.tasker.gateway.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log_format} and {@code log_level} to Logback once the configuration is read: {@code json}
 * swaps the console encoder for Logstash's (one JSON object a line, MDC keys such as {@code request_id},
 * {@code step_uuid} and {@code api_key} as fields).
 */
final class LogSetup {

    static final String GATEWAY_LOGGER = "dev.tasker.gateway";

    private LogSetup() {
    }

    static void apply(GatewayConfig config) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger(GATEWAY_LOGGER).setLevel(Level.toLevel(config.logLevel(), Level.INFO));
        if (!config.logFormat().equals("json")) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                LogstashEncoder encoder = new LogstashEncoder();
                encoder.setContext(context);
                encoder.start();
                appender.stop();
                appender.setEncoder(encoder);
                appender.start();
            }
        }
    }
}
