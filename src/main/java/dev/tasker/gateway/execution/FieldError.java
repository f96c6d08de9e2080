package dev.tasker.gateway.execution;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One problem with one field of a request: {@code field} is a dotted path such as {@code workflow_step.attempts}. */
public record FieldError(@JsonProperty("field") String field, @JsonProperty("message") String message) {
}
