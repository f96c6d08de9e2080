package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.ErrorTypes;

/**
 * No handler is registered under the name a step asks for, and no resolver of the chain resolves it: 404,
 * {@code HANDLER_NOT_FOUND}.
 */
public class HandlerNotFoundException extends StepRejectedException {

    public static final String ERROR_CODE = "HANDLER_NOT_FOUND";

    private final String handlerName;

    public HandlerNotFoundException(String handlerName) {
        this(handlerName, "no handler is registered under '" + handlerName + "'");
    }

    /** @param message the problem's detail, naming where the handler was asked for */
    public HandlerNotFoundException(String handlerName, String message) {
        super(message);
        this.handlerName = handlerName;
    }

    public String handlerName() {
        return handlerName;
    }

    /** The same refusal with its detail prefixed by where it was asked for ({@code steps[3]}). */
    public HandlerNotFoundException prefixed(String prefix) {
        return new HandlerNotFoundException(handlerName, prefix + ": " + getMessage());
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String title() {
        return "Handler not found";
    }

    @Override
    public String errorCode() {
        return ERROR_CODE;
    }

    @Override
    public String errorType() {
        return ErrorTypes.PERMANENT_ERROR;
    }
}
