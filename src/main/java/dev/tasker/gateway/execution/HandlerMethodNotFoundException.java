package dev.tasker.gateway.execution;

import java.util.List;

/**
 * The step's {@code handler.method} is not one of its handler's declared methods: 404,
 * {@code HANDLER_METHOD_NOT_FOUND}, before anything runs.
 */
public class HandlerMethodNotFoundException extends HandlerNotFoundException {

    public static final String ERROR_CODE = "HANDLER_METHOD_NOT_FOUND";

    private final String method;
    private final List<String> methods;

    public HandlerMethodNotFoundException(String handlerName, String method, List<String> methods) {
        this(handlerName, method, methods, "handler '" + handlerName + "' has no method '" + method
                + "' (its methods: " + String.join(", ", methods) + ")");
    }

    private HandlerMethodNotFoundException(String handlerName, String method, List<String> methods, String message) {
        super(handlerName, message);
        this.method = method;
        this.methods = List.copyOf(methods);
    }

    public String method() {
        return method;
    }

    /** The methods the handler declares. */
    public List<String> methods() {
        return methods;
    }

    @Override
    public String title() {
        return "Handler method not found";
    }

    @Override
    public String errorCode() {
        return ERROR_CODE;
    }

    @Override
    public HandlerNotFoundException prefixed(String prefix) {
        return new HandlerMethodNotFoundException(handlerName(), method, methods, prefix + ": " + getMessage());
    }
}
