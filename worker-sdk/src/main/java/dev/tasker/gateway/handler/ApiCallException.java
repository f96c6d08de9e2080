package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.Objects;

/**
 * A downstream call failed; carries the failure result already classified by {@link ApiFailures}
 * (contract 1.4). {@link ApiStepHandler} helpers throw it and {@link ApiStepHandler#call} answers its
 * {@link #result()}, so an API handler's happy path needs no error handling. Thrown anywhere else, the
 * gateway still reports its error code, type and retryability (as for any {@link StepFailureException}),
 * without the HTTP details. Immutable.
 */
public final class ApiCallException extends StepFailureException {

    private final transient StepExecutionResult result;

    /** @param result a failed result; never null, must carry an {@code error} */
    public ApiCallException(StepExecutionResult result) {
        super(Objects.requireNonNull(result.error(), "result.error").message(), result.errorCode(),
                result.errorType() == null ? ErrorTypes.HANDLER_ERROR : result.errorType(), result.metadata().context(),
                null);
        this.result = result;
    }

    /** The classified failure result; never null. */
    public StepExecutionResult result() {
        return result;
    }

    @Override
    public boolean retryable() {
        return result.isRetryable();
    }
}
