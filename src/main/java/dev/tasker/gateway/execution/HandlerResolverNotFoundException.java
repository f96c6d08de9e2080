package dev.tasker.gateway.execution;

/**
 * The step's {@code handler.resolver} names no resolver of the chain: 404, {@code RESOLVER_NOT_FOUND},
 * before anything runs. The detail lists the resolvers there are.
 */
public class HandlerResolverNotFoundException extends HandlerNotFoundException {

    public static final String ERROR_CODE = "RESOLVER_NOT_FOUND";

    private final String resolver;

    public HandlerResolverNotFoundException(String handlerName, String resolver, String message) {
        super(handlerName, message);
        this.resolver = resolver;
    }

    public String resolver() {
        return resolver;
    }

    @Override
    public String title() {
        return "Handler resolver not found";
    }

    @Override
    public String errorCode() {
        return ERROR_CODE;
    }

    @Override
    public HandlerNotFoundException prefixed(String prefix) {
        return new HandlerResolverNotFoundException(handlerName(), resolver, prefix + ": " + getMessage());
    }
}
