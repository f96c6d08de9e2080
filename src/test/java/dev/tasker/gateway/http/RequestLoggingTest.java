package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.LogCapture;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every line written while serving a request carries its request id (and the step uuid, and the key name). */
class RequestLoggingTest {

    static final String KEY = "log_test_key_5555555555";

    /** Logs on its own handler thread (not the request thread) and fails the step. */
    static final class ChattyHandler implements StepHandler {
        private static final Logger LOG = LoggerFactory.getLogger(ChattyHandler.class);

        @Override
        public String name() {
            return "chatty";
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            LOG.info("chatty handler working");
            return StepExecutionResult.failure(context.stepUuid(), "nope", "NOPE", "permanent_error", false, 0, Map.of());
        }
    }

    @Test
    void linesFromFiltersHandlersAndExecutorCarryRequestIdStepUuidAndKeyName() {
        try (LogCapture logs = LogCapture.start();
             TestGateway gateway = TestGateway.start(Map.of("api_keys", "ci:" + KEY + ":execute"), new ChattyHandler())) {
            HttpResponse<String> step = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                    .header("Content-Type", "application/json").header("X-API-Key", KEY)
                    .header("X-Request-Id", "req-step-1")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"step_definition\":{\"handler\":{\"callable\":\"chatty\"}}}")).build());
            HttpResponse<String> refused = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                    .header("X-API-Key", KEY).header("X-Request-Id", "req-refused-2").build());

            assertThat(step.statusCode()).isEqualTo(200);
            assertThat(refused.statusCode()).isEqualTo(403);
            String stepUuid = TestGateway.json(step).get("step_uuid").asText();
            List<ILoggingEvent> events = logs.events();

            ILoggingEvent handlerLine = only(events, "chatty handler working");
            assertThat(handlerLine.getThreadName()).doesNotStartWith("grizzly");
            assertThat(handlerLine.getMDCPropertyMap()).containsEntry("request_id", "req-step-1")
                    .containsEntry("step_uuid", stepUuid).containsEntry("api_key", "ci");
            ILoggingEvent refusal = only(events, "lacks scope 'read'");
            assertThat(refusal.getMDCPropertyMap()).containsEntry("request_id", "req-refused-2")
                    .containsEntry("api_key", "ci").doesNotContainKey("step_uuid");
            assertThat(events).filteredOn(e -> e.getThreadName().startsWith("grizzly-http-server"))
                    .filteredOn(e -> e.getLoggerName().startsWith("dev.tasker.gateway"))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey("request_id"));
        }
    }

    @Test
    void aStepsIdsDoNotLeakIntoLaterRequestsServedOnTheSameServerThread() {
        try (LogCapture logs = LogCapture.start();
             TestGateway gateway = TestGateway.start(Map.of("api_keys", "ci:" + KEY + ":execute"))) {
            // step requests are suspended and answered from another thread; each server thread serves some
            for (int i = 0; i < 24; i++) {
                assertThat(gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                        .header("Content-Type", "application/json").header("X-API-Key", KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}")).build())
                        .statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 24; i++) {
                assertThat(gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                        .header("X-API-Key", KEY).header("X-Request-Id", "refused-" + i).build())
                        .statusCode()).isEqualTo(403);
            }

            assertThat(logs.events()).filteredOn(e -> e.getFormattedMessage().contains("lacks scope 'read'"))
                    .hasSize(24)
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).as("MDC of %s", e.getFormattedMessage())
                            .containsKey("request_id").doesNotContainKey("step_uuid"));
        }
    }

    @Test
    void textLinesLabelTheIdsThatAreSetAndLeaveOutTheOthers() {
        try (LogCapture logs = LogCapture.start();
             TestGateway gateway = TestGateway.start(Map.of("api_keys", "ci:" + KEY + ":execute"), new ChattyHandler())) {
            HttpResponse<String> step = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                    .header("Content-Type", "application/json").header("X-API-Key", KEY)
                    .header("X-Request-Id", "req-text-1")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"step_definition\":{\"handler\":{\"callable\":\"chatty\"}}}")).build());
            gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                    .header("X-API-Key", KEY).header("X-Request-Id", "req-text-2").build());
            LoggerFactory.getLogger(RequestLoggingTest.class).info("outside any request");
            String stepUuid = TestGateway.json(step).get("step_uuid").asText();
            List<String> lines = logs.textLines();

            assertThat(onlyLine(lines, "chatty handler working"))
                    .endsWith(" request_id=req-text-1 step_uuid=" + stepUuid + " api_key=ci - chatty handler working");
            assertThat(onlyLine(lines, "lacks scope 'read'"))
                    .contains(" request_id=req-text-2 api_key=ci - refused GET /v1/handlers");
            assertThat(onlyLine(lines, "outside any request"))
                    .matches("\\S+ INFO  \\[[^]]+] d\\.t\\.g\\.http\\.RequestLoggingTest - outside any request");
        }
    }

    private static String onlyLine(List<String> lines, String fragment) {
        List<String> matching = lines.stream().filter(l -> l.contains(fragment)).toList();
        assertThat(matching).as("text log lines containing '%s'", fragment).hasSize(1);
        return matching.get(0);
    }

    private static ILoggingEvent only(List<ILoggingEvent> events, String fragment) {
        List<ILoggingEvent> matching = events.stream().filter(e -> e.getFormattedMessage().contains(fragment)).toList();
        assertThat(matching).as("log lines containing '%s'", fragment).hasSize(1);
        return matching.get(0);
    }
}
