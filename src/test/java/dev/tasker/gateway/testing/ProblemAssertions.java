package dev.tasker.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The shape of every error answer: an RFC 9457 problem with the gateway's extra members. */
public final class ProblemAssertions {

    private static final List<String> KEYS = List.of("type", "title", "status", "detail", "instance", "request_id",
            "error_type", "error_code", "retryable", "errors");

    private ProblemAssertions() {
    }

    /**
     * A problem+json answer with this status and error code (null for plain HTTP errors), whose
     * {@code request_id} equals the {@code X-Request-Id} header and which shows no stack trace.
     */
    public static JsonNode assertProblem(HttpResponse<String> response, int status, String errorCode) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("\tat ", "\\tat ", "Exception:", "<html");
        JsonNode problem = TestGateway.json(response);
        List<String> names = new ArrayList<>();
        problem.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(KEYS);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("retryable").isBoolean()).isTrue();
        assertThat(problem.get("errors").isArray()).isTrue();
        if (errorCode == null) {
            assertThat(problem.get("error_code").isNull()).as("error_code of %s", problem).isTrue();
        } else {
            assertThat(problem.get("error_code").asText()).isEqualTo(errorCode);
        }
        String header = response.headers().firstValue("X-Request-Id").orElse(null);
        assertThat(header).as("X-Request-Id header").isNotBlank();
        assertThat(problem.get("request_id").asText()).isEqualTo(header);
        return problem;
    }
}
