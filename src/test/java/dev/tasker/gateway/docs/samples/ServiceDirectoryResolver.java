package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.ResolutionContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.handler.StepHandlerResolver;
import dev.tasker.gateway.model.HandlerDefinition;

public final class ServiceDirectoryResolver implements StepHandlerResolver {

    private static final String PREFIX = "service://";

    @Override
    public String name() {
        return "service_directory"; // what handler.resolver names
    }

    @Override
    public int priority() {
        return 50; // after registered names (10), before class_lookup (100)
    }

    @Override
    public boolean canResolve(HandlerDefinition definition) {
        return definition.callable().startsWith(PREFIX);
    }

    @Override
    public StepHandler resolve(HandlerDefinition definition, ResolutionContext context) {
        // service://payments -> the handler registered as payment_handler; null: not this one's after all
        String service = definition.callable().substring(PREFIX.length());
        return context.registered(service.replace('-', '_') + "_handler").orElse(null);
    }
}
