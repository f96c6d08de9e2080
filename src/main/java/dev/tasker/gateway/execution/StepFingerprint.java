package dev.tasker.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.model.HandlerDefinition;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What decides a step's result, as one SHA-256 a part, kept with the result under its idempotency key
 * (step_uuid, attempts): a later request with the same key and another fingerprint is not the same step
 * ({@link IdempotencyKeyReusedException}). The parts:
 * <ul>
 *   <li>{@code handler}: the name of the handler it runs on (aliases resolved) and
 *       {@code step_definition.handler.method};</li>
 *   <li>{@code config}: {@code step_definition.handler.initialization};</li>
 *   <li>{@code context}: {@code task.task.context};</li>
 *   <li>{@code inputs}: {@code workflow_step.inputs};</li>
 *   <li>{@code dependency_results}: {@code dependency_results}, each without its {@code metadata.completed_at}
 *       and {@code metadata.started_at}.</li>
 * </ul>
 * Row timestamps an orchestrator refreshes between sends ({@code last_attempted_at}, {@code updated_at}),
 * the attempt counter (part of the key) and every other field are left out. Each part is the SHA-256 of its
 * {@link CanonicalJson canonical JSON}, so key order never matters.
 *
 * @param parts digests by part name, in the order above (base64url without padding)
 */
public record StepFingerprint(Map<String, String> parts) {

    public static final String HANDLER = "handler";
    public static final String CONFIG = "config";
    public static final String CONTEXT = "context";
    public static final String INPUTS = "inputs";
    public static final String DEPENDENCY_RESULTS = "dependency_results";

    /** Where each part is in the request, for the answer that names what differs. */
    private static final Map<String, String> FIELDS = Map.of(
            HANDLER, "step_definition.handler.callable / method",
            CONFIG, "step_definition.handler.initialization",
            CONTEXT, "task.task.context",
            INPUTS, "workflow_step.inputs",
            DEPENDENCY_RESULTS, "dependency_results");

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    public StepFingerprint {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(parts, "parts")));
    }

    /** The fingerprint of a normalized step that runs on {@code handler}. */
    public static StepFingerprint of(TaskSequenceStep step, RegisteredHandler handler, ObjectMapper mapper) {
        HandlerDefinition definition = step.stepDefinition() == null ? null : step.stepDefinition().handler();
        ObjectNode handlerPart = mapper.createObjectNode();
        handlerPart.put("name", handler.name());
        handlerPart.put("method", definition == null ? null : definition.method());
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put(HANDLER, digest(handlerPart));
        parts.put(CONFIG, digest(mapper.valueToTree(definition == null ? Map.of() : definition.initialization())));
        parts.put(CONTEXT, digest(mapper.valueToTree(step.task() == null || step.task().task() == null
                ? null : step.task().task().context())));
        parts.put(INPUTS, digest(mapper.valueToTree(step.workflowStep() == null ? null : step.workflowStep().inputs())));
        parts.put(DEPENDENCY_RESULTS, digest(withoutTimestamps(mapper.valueToTree(step.dependencyResults()))));
        return new StepFingerprint(parts);
    }

    /**
     * Each dependency result without {@code metadata.completed_at} and {@code started_at}: when a dependency
     * ran says nothing of what it answered, and a sender that leaves them out (contract 0.1) gets them filled
     * with the time of reading, which differs on every send.
     */
    private static JsonNode withoutTimestamps(JsonNode dependencyResults) {
        dependencyResults.forEach(result -> {
            if (result.get("metadata") instanceof ObjectNode metadata) {
                metadata.remove(List.of("completed_at", "started_at"));
            }
        });
        return dependencyResults;
    }

    private static String digest(JsonNode node) {
        return BASE64.encodeToString(CanonicalJson.sha256(node));
    }

    /**
     * The parts that differ from {@code stored}, in part order. A part only one side has is not compared (a
     * fingerprint written by another build may have more or fewer parts).
     */
    public List<String> differencesFrom(StepFingerprint stored) {
        List<String> differ = new ArrayList<>();
        parts.forEach((name, digest) -> {
            String other = stored.parts().get(name);
            if (other != null && !other.equals(digest)) {
                differ.add(name);
            }
        });
        return differ;
    }

    /**
     * Checks that a request with this fingerprint may be answered with what is stored (or running) under
     * {@code key} with {@code stored}; a null {@code stored} (a result kept before fingerprints) always may.
     *
     * @throws IdempotencyKeyReusedException naming the parts that differ
     */
    public void requireSameAs(StepKey key, StepFingerprint stored) {
        if (stored == null) {
            return;
        }
        List<String> differ = differencesFrom(stored);
        if (!differ.isEmpty()) {
            throw new IdempotencyKeyReusedException(key, differ);
        }
    }

    /** Where a part is in the step request (a dotted path), for messages. */
    public static String fieldOf(String part) {
        return FIELDS.getOrDefault(part, part);
    }

    /** The stored form: {@code part=digest} pairs joined by {@code ;}, in part order. */
    public String encoded() {
        StringBuilder text = new StringBuilder(parts.size() * 60);
        parts.forEach((name, digest) -> {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(name).append('=').append(digest);
        });
        return text.toString();
    }

    /** Reads {@link #encoded()}; empty for null (a result stored before fingerprints) or unreadable text. */
    public static Optional<StepFingerprint> decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String pair : encoded.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            parts.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return Optional.of(new StepFingerprint(parts));
    }
}
