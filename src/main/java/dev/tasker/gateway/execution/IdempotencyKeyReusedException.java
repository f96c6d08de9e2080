package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.List;

/**
 * The (step_uuid, attempts) of the request was used before, or is running now, for a step with another
 * {@link StepFingerprint}: 409, not retryable, each differing part named in {@code errors[]} (its
 * {@code field} is the part: {@code handler}, {@code config}, {@code context}, {@code inputs},
 * {@code dependency_results}). Nothing ran for this request.
 */
public final class IdempotencyKeyReusedException extends StepRejectedException {

    public static final String ERROR_CODE = "IDEMPOTENCY_KEY_REUSED";

    private final StepKey key;
    private final List<String> parts;
    private final List<FieldError> errors;

    /** @param differingParts the {@link StepFingerprint} parts that differ, at least one */
    public IdempotencyKeyReusedException(StepKey key, List<String> differingParts) {
        this(key, differingParts, "");
    }

    private IdempotencyKeyReusedException(StepKey key, List<String> differingParts, String prefix) {
        super((prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1) + ": ")
                + "(step_uuid " + key.stepUuid() + ", attempts " + key.attempts() + ") was already used for a step "
                + "with another " + String.join(", ", differingParts) + "; send a new attempt (or step_uuid) for "
                + "a different step, or the same step again to get its result");
        this.key = key;
        this.parts = List.copyOf(differingParts);
        this.errors = differingParts.stream().map(part -> new FieldError(prefix + part,
                StepFingerprint.fieldOf(part) + " differs from the step first sent with this step_uuid and attempts"))
                .toList();
    }

    /** The same refusal with every {@code errors[].field} under {@code prefix} (a batch's {@code steps[i].}). */
    public IdempotencyKeyReusedException within(String prefix) {
        return new IdempotencyKeyReusedException(key, parts, prefix);
    }

    public StepKey key() {
        return key;
    }

    /** The differing parts. */
    public List<String> parts() {
        return parts;
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "Idempotency key reused";
    }

    @Override
    public String errorCode() {
        return ERROR_CODE;
    }

    @Override
    public String errorType() {
        return ErrorTypes.PERMANENT_ERROR;
    }

    @Override
    public List<FieldError> errors() {
        return errors;
    }
}
