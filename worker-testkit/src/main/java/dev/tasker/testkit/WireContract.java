package dev.tasker.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The strict rules a {@code StepExecutionResult} in JSON must follow for the Rust core's serde to read it
 * (contract sections 0 and 1): exactly the known keys, the right JSON types, lower-case hyphenated UUIDs,
 * RFC 3339 UTC timestamps with microseconds, {@code success} agreeing with {@code status}, {@code error}
 * present exactly for a failure and its {@code retryable} equal to {@code metadata.retryable}, the backoff
 * hint types of the wire. Pure and thread-safe.
 */
public final class WireContract {

    public static final Pattern UUID_LOWER_HYPHENATED =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    public static final Pattern TIMESTAMP_Z_MICROS =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

    private static final Set<String> RESULT_KEYS =
            Set.of("step_uuid", "success", "result", "metadata", "status", "error", "orchestration_metadata");
    private static final Set<String> METADATA_KEYS = Set.of("execution_time_ms", "handler_version", "retryable",
            "completed_at", "worker_id", "worker_hostname", "started_at", "custom", "error_code", "error_type",
            "context");
    private static final Set<String> ERROR_REQUIRED = Set.of("message", "error_type", "backtrace", "retryable");
    private static final Set<String> ERROR_OPTIONAL = Set.of("status_code", "context");
    private static final Set<String> ORCHESTRATION_KEYS = Set.of("headers", "error_context", "backoff_hint", "custom");
    private static final Set<String> BACKOFF_KEYS = Set.of("backoff_type", "delay_seconds", "context");
    private static final Set<String> BACKOFF_TYPES =
            Set.of("ServerRequested", "RateLimit", "ServiceUnavailable", "Custom");

    private WireContract() {
    }

    /** Every rule the result breaks, one readable line each; empty when it follows them all. */
    public static List<String> violations(JsonNode result) {
        List<String> problems = new ArrayList<>();
        if (result == null || !result.isObject()) {
            problems.add("a result is a JSON object, not " + result);
            return problems;
        }
        exactKeys(problems, "result", result, RESULT_KEYS, Set.of());
        check(problems, UUID_LOWER_HYPHENATED.matcher(result.path("step_uuid").asText()).matches()
                && result.path("step_uuid").isTextual(), "step_uuid is a lower-case hyphenated UUID: %s",
                result.path("step_uuid"));
        check(problems, result.path("success").isBoolean(), "success is a boolean: %s", result.path("success"));
        String status = result.path("status").asText();
        check(problems, Set.of("completed", "failed", "error").contains(status),
                "status is completed, failed or error: %s", result.path("status"));
        check(problems, result.path("success").asBoolean() == status.equals("completed"),
                "success (%s) agrees with status %s", result.path("success"), status);

        JsonNode metadata = result.path("metadata");
        if (!metadata.isObject()) {
            problems.add("metadata is an object: " + metadata);
        } else {
            metadata(problems, metadata);
        }

        JsonNode error = result.path("error");
        if (error.isObject()) {
            error(problems, error, metadata);
        } else {
            check(problems, error.isNull(), "error is null or an object: %s", error);
        }
        check(problems, error.isNull() == status.equals("completed"),
                "error is null exactly for a success (status %s, error %s)", status, error.isNull() ? "null" : "set");

        JsonNode orchestration = result.path("orchestration_metadata");
        if (orchestration.isObject()) {
            orchestration(problems, orchestration);
        } else {
            check(problems, orchestration.isNull(), "orchestration_metadata is null or an object: %s", orchestration);
        }
        return problems;
    }

    private static void metadata(List<String> problems, JsonNode metadata) {
        exactKeys(problems, "metadata", metadata, METADATA_KEYS, Set.of());
        JsonNode time = metadata.path("execution_time_ms");
        check(problems, time.isIntegralNumber() && time.asLong() >= 0,
                "metadata.execution_time_ms is a non-negative integer: %s", time);
        check(problems, metadata.path("retryable").isBoolean(), "metadata.retryable is a boolean: %s",
                metadata.path("retryable"));
        timestamp(problems, metadata.path("completed_at"), "metadata.completed_at", false);
        timestamp(problems, metadata.path("started_at"), "metadata.started_at", true);
        for (String key : List.of("handler_version", "worker_id", "worker_hostname", "error_code", "error_type")) {
            stringOrNull(problems, metadata.path(key), "metadata." + key);
        }
        check(problems, metadata.path("custom").isObject(), "metadata.custom is an object: %s", metadata.path("custom"));
        check(problems, metadata.path("context").isObject(), "metadata.context is an object: %s",
                metadata.path("context"));
    }

    private static void error(List<String> problems, JsonNode error, JsonNode metadata) {
        exactKeys(problems, "error", error, ERROR_REQUIRED, ERROR_OPTIONAL);
        check(problems, error.path("message").isTextual(), "error.message is a string: %s", error.path("message"));
        stringOrNull(problems, error.path("error_type"), "error.error_type");
        JsonNode backtrace = error.path("backtrace");
        check(problems, backtrace.isNull() || (backtrace.isArray() && allText(backtrace)),
                "error.backtrace is null or a list of strings: %s", backtrace);
        check(problems, error.path("retryable").isBoolean(), "error.retryable is a boolean: %s", error.path("retryable"));
        check(problems, error.path("retryable").asBoolean() == metadata.path("retryable").asBoolean(),
                "error.retryable (%s) equals metadata.retryable (%s)", error.path("retryable"),
                metadata.path("retryable"));
        if (error.has("status_code")) {
            check(problems, error.get("status_code").isInt(), "error.status_code is an integer: %s",
                    error.get("status_code"));
        }
        if (error.has("context")) {
            check(problems, error.get("context").isObject() && !error.get("context").isEmpty(),
                    "error.context is written only as a non-empty object: %s", error.get("context"));
        }
    }

    private static void orchestration(List<String> problems, JsonNode orchestration) {
        exactKeys(problems, "orchestration_metadata", orchestration, ORCHESTRATION_KEYS, Set.of());
        JsonNode headers = orchestration.path("headers");
        check(problems, headers.isObject() && allText(headers),
                "orchestration_metadata.headers is an object of strings: %s", headers);
        stringOrNull(problems, orchestration.path("error_context"), "orchestration_metadata.error_context");
        check(problems, orchestration.path("custom").isObject(), "orchestration_metadata.custom is an object: %s",
                orchestration.path("custom"));
        JsonNode hint = orchestration.path("backoff_hint");
        if (hint.isObject()) {
            exactKeys(problems, "backoff_hint", hint, BACKOFF_KEYS, Set.of());
            check(problems, BACKOFF_TYPES.contains(hint.path("backoff_type").asText())
                            && hint.path("backoff_type").isTextual(),
                    "backoff_hint.backoff_type is one of %s: %s", BACKOFF_TYPES, hint.path("backoff_type"));
            check(problems, hint.path("delay_seconds").isIntegralNumber(),
                    "backoff_hint.delay_seconds is an integer: %s", hint.path("delay_seconds"));
            stringOrNull(problems, hint.path("context"), "backoff_hint.context");
        } else {
            check(problems, hint.isNull(), "backoff_hint is null or an object: %s", hint);
        }
    }

    private static void exactKeys(List<String> problems, String what, JsonNode node, Set<String> required,
                                  Set<String> optional) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        List<String> missing = required.stream().filter(key -> !names.contains(key)).sorted().toList();
        List<String> unknown = names.stream().filter(key -> !required.contains(key) && !optional.contains(key))
                .toList();
        check(problems, missing.isEmpty(), "%s lacks keys %s", what, missing);
        check(problems, unknown.isEmpty(), "%s has unknown keys %s", what, unknown);
    }

    private static void timestamp(List<String> problems, JsonNode node, String what, boolean nullable) {
        if (nullable && node.isNull()) {
            return;
        }
        check(problems, node.isTextual() && TIMESTAMP_Z_MICROS.matcher(node.asText()).matches(),
                "%s is a UTC timestamp with microseconds (2026-01-02T03:04:05.123456Z): %s", what, node);
    }

    private static void stringOrNull(List<String> problems, JsonNode node, String what) {
        check(problems, node.isNull() || node.isTextual(), "%s is a string or null: %s", what, node);
    }

    private static boolean allText(JsonNode container) {
        for (JsonNode element : container) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static void check(List<String> problems, boolean holds, String rule, Object... args) {
        if (!holds) {
            problems.add(String.format(rule, args));
        }
    }
}
