package dev.tasker.gateway.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One way a step does not match a handler's declared input schema.
 *
 * @param input   which input: {@code context}, {@code config} or {@code inputs}
 * @param path    JSON Pointer into that input ({@code /cart_items/0/quantity}; empty for the whole input)
 * @param keyword the schema keyword that failed ({@code required}, {@code type}, {@code minimum}, ...)
 * @param message what is wrong, in words
 */
public record InputViolation(
        @JsonProperty("input") String input,
        @JsonProperty("path") String path,
        @JsonProperty("keyword") String keyword,
        @JsonProperty("message") String message) {
}
