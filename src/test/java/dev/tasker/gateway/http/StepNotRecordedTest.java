package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.CountingHandler;
import dev.tasker.gateway.testing.LogCapture;
import dev.tasker.gateway.testing.PostgresDatabase;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Answering a step accepts its events. When they cannot be stored, the step is not answered with its result
 * but with a retryable 503 problem, so the orchestrator sends it again and nothing answered is lost.
 */
class StepNotRecordedTest {

    @Test
    void failedOutboxWriteAnswers503RetryableProblemAndTheRetryRunsAndIsStored() throws Exception {
        CountingHandler handler = new CountingHandler("counting");
        try (PostgresDatabase database = PostgresDatabase.create();
             TestGateway gateway = TestGateway.start(Map.of("db_url", database.jdbcUrl()), handler)) {
            UUID stepUuid = Uuids.v7();
            String step = IdempotencyTest.step(stepUuid, 0);
            sql(database, "ALTER TABLE step_results ADD CONSTRAINT refuse_writes CHECK (attempts < 0) NOT VALID");

            HttpResponse<String> refused = gateway.postJson("/v1/steps", step);

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = TestGateway.json(refused);
            assertThat(problem.get("error_code").asText()).isEqualTo("STEP_NOT_RECORDED");
            assertThat(problem.get("retryable").asBoolean()).isTrue();
            assertThat(gateway.get("/v1/steps/" + stepUuid).statusCode()).isEqualTo(404);

            sql(database, "ALTER TABLE step_results DROP CONSTRAINT refuse_writes");
            HttpResponse<String> retried = gateway.postJson("/v1/steps", step);

            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(handler.calls()).isEqualTo(2);
            assertThat(gateway.get("/v1/steps/" + stepUuid).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theStoreErrorIsLoggedForOperatorsAndNotEchoedToTheCaller() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create();
             LogCapture logs = LogCapture.start();
             TestGateway gateway = TestGateway.start(Map.of("db_url", database.jdbcUrl()))) {
            UUID stepUuid = Uuids.v7();
            sql(database, "ALTER TABLE step_results ADD CONSTRAINT refuse_writes CHECK (attempts < 0) NOT VALID");

            HttpResponse<String> refused = gateway.postJson("/v1/steps",
                    "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\"},"
                            + "\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}");

            assertThat(refused.statusCode()).isEqualTo(503);
            JsonNode problem = TestGateway.json(refused);
            assertThat(problem.get("detail").asText()).doesNotContain("refuse_writes").doesNotContain("INSERT INTO");
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.ERROR)
                    .filteredOn(e -> e.getFormattedMessage().contains(stepUuid.toString()))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getMDCPropertyMap()).containsEntry("request_id",
                                problem.get("request_id").asText());
                        assertThat(e.getThrowableProxy().getMessage() + causes(e.getThrowableProxy()))
                                .contains("refuse_writes");
                    });
        }
    }

    private static String causes(IThrowableProxy proxy) {
        StringBuilder all = new StringBuilder();
        for (IThrowableProxy t = proxy.getCause(); t != null; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        return all.toString();
    }

    private static void sql(PostgresDatabase database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
