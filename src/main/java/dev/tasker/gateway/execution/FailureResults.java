package dev.tasker.gateway.execution;

import dev.tasker.gateway.handler.RetryableStepException;
import dev.tasker.gateway.handler.StepFailureException;
import dev.tasker.gateway.model.BackoffHintType;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.registry.InputViolation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Turns every way a handler can fail into the result of contract 1.3. Pure: no clock, no I/O.
 */
public final class FailureResults {

    public static final String HANDLER_EXCEPTION = "HANDLER_EXCEPTION";
    public static final String HANDLER_CRASHED = "HANDLER_CRASHED";
    public static final String HANDLER_TIMEOUT = "HANDLER_TIMEOUT";
    public static final String HANDLER_RETURNED_NULL = "HANDLER_RETURNED_NULL";
    public static final String HANDLER_RESULT_INVALID = "HANDLER_RESULT_INVALID";
    public static final String INPUT_INVALID = "INPUT_INVALID";

    private final int backtraceLines;

    public FailureResults(int backtraceLines) {
        if (backtraceLines < 1) {
            throw new IllegalArgumentException("backtraceLines must be at least 1");
        }
        this.backtraceLines = backtraceLines;
    }

    /** The result for anything a handler threw. */
    public StepExecutionResult fromThrowable(UUID stepUuid, String handlerName, Throwable thrown) {
        if (thrown instanceof StepFailureException failure) {
            return fromStepFailure(stepUuid, failure);
        }
        Map<String, Object> context = context(handlerName, thrown);
        String message = messageOf(thrown);
        if (thrown instanceof Error) {
            return StepExecutionResult.error(stepUuid, message, ErrorTypes.HANDLER_ERROR, backtrace(thrown), 0, context)
                    .withErrorCode(HANDLER_CRASHED);
        }
        return StepExecutionResult.error(stepUuid, message, ErrorTypes.HANDLER_ERROR, backtrace(thrown), 0, context)
                .withErrorCode(HANDLER_EXCEPTION)
                .withRetryable(isIoLike(thrown));
    }

    /** The result for a handler still running at its deadline. */
    public StepExecutionResult timeout(UUID stepUuid, String handlerName, Duration timeout) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("handler", handlerName);
        context.put("timeout_ms", timeout.toMillis());
        return StepExecutionResult.error(stepUuid, "handler '" + handlerName + "' did not finish within "
                        + timeout.toMillis() + " ms", ErrorTypes.TIMEOUT, null, 0, context)
                .withErrorCode(HANDLER_TIMEOUT)
                .withRetryable(true);
    }

    /** The result for a handler that returned null. */
    public StepExecutionResult returnedNull(UUID stepUuid, String handlerName) {
        return StepExecutionResult.error(stepUuid, "handler '" + handlerName + "' returned null",
                        ErrorTypes.HANDLER_ERROR, null, 0, Map.of("handler", handlerName))
                .withErrorCode(HANDLER_RETURNED_NULL);
    }

    /** The result for a handler whose result cannot be written as contract JSON. */
    public StepExecutionResult invalidResult(UUID stepUuid, String handlerName, String reason) {
        return StepExecutionResult.error(stepUuid, "handler '" + handlerName + "' returned a result that cannot be "
                                + "serialized: " + reason, ErrorTypes.HANDLER_ERROR, null, 0,
                        Map.of("handler", handlerName))
                .withErrorCode(HANDLER_RESULT_INVALID);
    }

    /**
     * The result for a step that does not match its handler's declared input schema (the handler did not
     * run): {@code validation_error} / {@code INPUT_INVALID}, not retryable, with {@code {handler, errors:
     * [{input, path, keyword, message}]}} as {@code error.context} and {@code metadata.context}.
     */
    public StepExecutionResult inputInvalid(UUID stepUuid, String handlerName, List<InputViolation> violations) {
        List<Map<String, Object>> errors = new ArrayList<>(violations.size());
        for (InputViolation violation : violations) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("input", violation.input());
            error.put("path", violation.path());
            error.put("keyword", violation.keyword());
            error.put("message", violation.message());
            errors.add(error);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("handler", handlerName);
        context.put("errors", errors);
        InputViolation first = violations.get(0);
        String message = "the step does not match the input schema of handler '" + handlerName + "': " + first.input()
                + (first.path().isEmpty() ? "" : " " + first.path()) + ": " + first.message()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "");
        StepExecutionResult result = StepExecutionResult.failure(stepUuid, message, INPUT_INVALID,
                ErrorTypes.VALIDATION_ERROR, false, 0, context);
        return result.withError(result.error().withContext(context));
    }

    private static StepExecutionResult fromStepFailure(UUID stepUuid, StepFailureException failure) {
        StepExecutionResult result = StepExecutionResult.failure(stepUuid, messageOf(failure), failure.errorCode(),
                failure.errorType(), failure.retryable(), 0, failure.context());
        if (failure instanceof RetryableStepException retryable && retryable.retryAfter().isPresent()) {
            Duration delay = retryable.retryAfter().get();
            long seconds = (delay.toMillis() + 999) / 1000;
            result = result.withRetryAfter(seconds, BackoffHintType.SERVER_REQUESTED);
        }
        return result;
    }

    static boolean isIoLike(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> context(String handlerName, Throwable thrown) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("handler", handlerName);
        context.put("exception_class", thrown.getClass().getName());
        return context;
    }

    private static String messageOf(Throwable thrown) {
        String message = thrown.getMessage();
        return message == null || message.isBlank() ? thrown.getClass().getName() : message;
    }

    /** The stack trace one frame a line, causes as {@code Caused by:} lines, at most the configured lines. */
    List<String> backtrace(Throwable thrown) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String prefix = "";
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            lines.add(prefix + t);
            for (StackTraceElement frame : t.getStackTrace()) {
                lines.add("\tat " + frame);
                if (lines.size() > backtraceLines) {
                    break;
                }
            }
            if (lines.size() > backtraceLines) {
                break;
            }
            prefix = "Caused by: ";
        }
        if (lines.size() > backtraceLines) {
            List<String> capped = new ArrayList<>(lines.subList(0, backtraceLines - 1));
            capped.add("\t... (backtrace truncated to " + backtraceLines + " lines)");
            return capped;
        }
        return lines;
    }
}
