package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.events.PublishResult;
import dev.tasker.gateway.events.StepEventContext;
import dev.tasker.gateway.events.StepEventPublisher;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.CountingHandler;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private final CountingHandler handler = new CountingHandler("counting");
    private TestGateway gateway;

    @AfterEach
    void stop() {
        handler.release();
        if (gateway != null) {
            gateway.close();
        }
    }

    static String step(UUID stepUuid, int attempts) {
        return "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\",\"attempts\":" + attempts + "},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"counting\"}}}";
    }

    @Nested
    class PostingTheSameStep {

        @Test
        void twiceRunsTheHandlerOnceAndReplaysTheStoredResult() {
            gateway = TestGateway.start(handler);
            UUID stepUuid = Uuids.v7();

            HttpResponse<String> first = gateway.postJson("/v1/steps", step(stepUuid, 0));
            HttpResponse<String> second = gateway.postJson("/v1/steps", step(stepUuid, 0));

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(TestGateway.json(second)).isEqualTo(TestGateway.json(first));
            assertThat(handler.calls()).isEqualTo(1);
        }

        @Test
        void twiceAtOnceRunsTheHandlerOnceAndTheDuplicateWaitsForTheFirst() throws Exception {
            gateway = TestGateway.start(handler);
            handler.hold();
            UUID stepUuid = Uuids.v7();

            CompletableFuture<HttpResponse<String>> first =
                    CompletableFuture.supplyAsync(() -> gateway.postJson("/v1/steps", step(stepUuid, 0)));
            assertThat(handler.awaitEntered()).isTrue();
            CompletableFuture<HttpResponse<String>> second =
                    CompletableFuture.supplyAsync(() -> gateway.postJson("/v1/steps", step(stepUuid, 0)));
            Thread.sleep(300); // give the duplicate time to arrive while the first is held
            handler.release();

            HttpResponse<String> a = first.get();
            HttpResponse<String> b = second.get();
            assertThat(a.statusCode()).isEqualTo(200);
            assertThat(b.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(b).get("result")).isEqualTo(TestGateway.json(a).get("result"));
            assertThat(b.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(handler.calls()).isEqualTo(1);
        }

        @Test
        void aPublisherErrorNeitherFailsTheStepNorStrandsItsWaitingDuplicate() throws Exception {
            gateway = TestGateway.start(handler);
            gateway.server().application().publishers().register(new StepEventPublisher() {
                @Override
                public String name() {
                    return "exploding";
                }

                @Override
                public PublishResult publish(StepEventContext context) {
                    throw new AssertionError("a publisher bug that is an Error, not an exception");
                }
            });
            handler.hold();
            UUID stepUuid = Uuids.v7();
            String body = "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\",\"attempts\":0},"
                    + "\"step_definition\":{\"handler\":{\"callable\":\"counting\"},"
                    + "\"publishes_events\":[{\"name\":\"x.done\",\"publisher\":\"exploding\"}]}}";

            CompletableFuture<HttpResponse<String>> first =
                    CompletableFuture.supplyAsync(() -> gateway.postJson("/v1/steps", body));
            assertThat(handler.awaitEntered()).isTrue();
            CompletableFuture<HttpResponse<String>> second =
                    CompletableFuture.supplyAsync(() -> gateway.postJson("/v1/steps", body));
            Thread.sleep(300); // give the duplicate time to arrive while the first is held
            handler.release();

            // a publisher's Error drops its events and never fails the step (b4d5805): both are answered 200
            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).as("the duplicate is answered, not left waiting")
                    .isEqualTo(200);
        }

        @Test
        void withTheNextAttemptsCountRunsTheHandlerAgain() {
            gateway = TestGateway.start(handler);
            UUID stepUuid = Uuids.v7();

            gateway.postJson("/v1/steps", step(stepUuid, 0));
            HttpResponse<String> retry = gateway.postJson("/v1/steps", step(stepUuid, 1));

            assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(TestGateway.json(retry).at("/result/call").asInt()).isEqualTo(2);
            assertThat(handler.calls()).isEqualTo(2);
        }

        @Test
        void afterTheResultExpiredRunsTheHandlerAgain() throws Exception {
            gateway = TestGateway.start(Map.of("idempotency_ttl", "1s"), handler);
            UUID stepUuid = Uuids.v7();
            gateway.postJson("/v1/steps", step(stepUuid, 0));

            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (gateway.get("/v1/steps/" + stepUuid).statusCode() == 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            HttpResponse<String> again = gateway.postJson("/v1/steps", step(stepUuid, 0));

            assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(handler.calls()).isEqualTo(2);
        }
    }

    @Nested
    class GetStoredResult {

        @Test
        void answersTheLatestAttemptsResult() {
            gateway = TestGateway.start(handler);
            UUID stepUuid = Uuids.v7();
            gateway.postJson("/v1/steps", step(stepUuid, 0));
            HttpResponse<String> latest = gateway.postJson("/v1/steps", step(stepUuid, 1));

            HttpResponse<String> stored = gateway.get("/v1/steps/" + stepUuid);

            assertThat(stored.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(stored)).isEqualTo(TestGateway.json(latest));
        }

        @Test
        void unknownStepIs404Problem() {
            gateway = TestGateway.start(handler);

            HttpResponse<String> response = gateway.get("/v1/steps/" + Uuids.v7());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(TestGateway.json(response).get("error_code").asText()).isEqualTo("STEP_RESULT_NOT_FOUND");
        }

        @Test
        void malformedUuidIs400Problem() {
            gateway = TestGateway.start(handler);

            HttpResponse<String> response = gateway.get("/v1/steps/not-a-uuid");

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode body = TestGateway.json(response);
            assertThat(body.get("status").asInt()).isEqualTo(400);
        }
    }
}
