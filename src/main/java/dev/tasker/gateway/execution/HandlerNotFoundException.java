package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.ErrorTypes;

/** No handler is registered under the name a step asks for: 404, {@code HANDLER_NOT_FOUND}. */
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
