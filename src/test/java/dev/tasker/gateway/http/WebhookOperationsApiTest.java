package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookOperationsApiTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path yaml = GatewayYaml.write(Files.createTempDirectory("ops-api"),
                GatewayYaml.endpoint("orders", "http://127.0.0.1:9/never", "events: [\"order.*\"]"));
        gateway = TestGateway.start(Map.of("config", yaml.toString()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET|/v1/webhooks/deliveries?status=lost|400|status",
            "GET|/v1/webhooks/deliveries?limit=0|400|limit",
            "GET|/v1/webhooks/deliveries?limit=many|400|limit",
            "GET|/v1/webhooks/deliveries?limit=1001|400|limit",
            "GET|/v1/webhooks/deliveries?endpoint=nobody|400|endpoint",
            "POST|/v1/webhooks/orders/replay|400|since",
            "POST|/v1/webhooks/orders/replay?since=yesterday|400|since",
            "POST|/v1/webhooks/orders/replay?since=2025-11-28T14:00:00|400|since",
            "POST|/v1/webhooks/nobody/replay?since=2025-11-28T14:00:00Z|404|",
            "POST|/v1/webhooks/deliveries/not-a-uuid/retry|400|id",
            "GET|/v1/steps/12345|400|step_uuid"})
    void badValuesAreProblems(String method, String path, int status, String field) {
        HttpResponse<String> response = method.equals("GET") ? gateway.get(path) : gateway.postJson(path, "");

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = TestGateway.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(problem.at("/errors/0/field").asText()).isEqualTo(field);
        }
    }

    @Test
    void unknownDeliveryRetryIs404Problem() {
        HttpResponse<String> response = gateway.postJson("/v1/webhooks/deliveries/" + Uuids.v7() + "/retry", "");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestGateway.json(response).get("error_code").asText()).isEqualTo("DELIVERY_NOT_FOUND");
    }

    @Test
    void endpointsAreListedWithoutSecrets() {
        HttpResponse<String> response = gateway.get("/v1/webhooks");

        JsonNode endpoint = TestGateway.json(response).at("/endpoints/0");
        assertThat(endpoint.get("name").asText()).isEqualTo("orders");
        assertThat(endpoint.get("state").asText()).isEqualTo("enabled");
        assertThat(endpoint.get("retry_schedule_ms")).hasSize(10);
        assertThat(response.body()).doesNotContain("whsec").doesNotContain(GatewayYaml.SECRET.substring(6, 20));
    }

    @Test
    void statsNameThePublishersAndCountStoredEvents() {
        // order.confirmed: an event the endpoint subscribes to (one nobody subscribes to is not stored)
        gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7()));

        JsonNode stats = TestGateway.json(gateway.get("/v1/events/stats"));

        assertThat(stats.get("publishers").toString()).contains("DefaultDomainEventPublisher");
        assertThat(stats.at("/outbox/stored_events").asLong()).isPositive();
        assertThat(stats.get("events").toString()).contains("step.completed");
    }

    @Test
    void readinessIncludesTheStore() {
        JsonNode health = TestGateway.json(gateway.get("/health/ready"));

        assertThat(health.at("/checks/store/status").asText()).isEqualTo("up");
    }
}
