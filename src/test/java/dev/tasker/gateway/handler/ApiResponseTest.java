package dev.tasker.gateway.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiResponseTest {

    private static final URI URI_ = URI.create("https://u:p@api.example.com/v1/x?token=t#frag");

    @Test
    void headersAreCaseInsensitiveAndMultipleValuesJoin() {
        ApiResponse response = new ApiResponse("GET", URI_, 200,
                Map.of("Content-Type", List.of("application/json"), "Vary", List.of("Accept", "Origin")), "{}");

        assertThat(response.header("content-type")).contains("application/json");
        assertThat(response.header("CONTENT-TYPE")).contains("application/json");
        assertThat(response.singleValuedHeaders()).containsEntry("vary", "Accept, Origin");
        assertThat(response.redactedUrl()).isEqualTo("https://api.example.com/v1/x");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "application/json                 | {\"a\":1}   | {a=1}",
            "application/problem+json         | {\"a\":1}   | {a=1}",
            "application/json; charset=utf-8  | [1,2]       | [1, 2]",
            "application/json                 | null        | <null>",
            "application/json                 | '   '       | <null>",
            "application/json                 | {broken     | {broken",
            "text/plain                       | {\"a\":1}   | {\"a\":1}",
            "text/html                        | <p>hi</p>   | <p>hi</p>"})
    void bodyValueIsParsedOnlyWhenTheResponseSaysJson(String contentType, String body, String expected) {
        ApiResponse response = new ApiResponse("GET", URI_, 200, Map.of("Content-Type", List.of(contentType)), body);

        Object value = response.bodyValue();

        assertThat(value == null ? "<null>" : value.toString()).isEqualTo(expected);
    }
}
