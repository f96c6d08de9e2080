package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.HandlerDefinition;

/**
 * Turns a step's handler address ({@code step_definition.handler}: {@code callable}, {@code method},
 * {@code resolver}, {@code initialization}) into a handler, for callables that are not a registered name:
 * service URLs, naming conventions, versions. Plugin jars contribute resolvers through
 * {@code META-INF/services/dev.tasker.gateway.handler.StepHandlerResolver}, loaded and reloaded with their
 * handlers. This interface is a published contract; it changes only by addition.
 *
 * <p>The gateway resolves a step through a chain ordered by {@link #priority()}: registered names and
 * aliases ({@code explicit_mapping}, 10), then the plugins' resolvers (20 to 99, lower first, then by name),
 * then, when enabled, the class-name resolver ({@code class_lookup}, 100). The first resolver whose
 * {@link #canResolve} is true and whose {@link #resolve} answers a handler wins. A step whose
 * {@code handler.resolver} names a resolver asks that one alone.
 *
 * <p>Thread-safety: one instance serves every step concurrently; keep state immutable or thread-safe. The
 * handler {@link #resolve} answers for a (resolver, callable) is kept until the next plugin reload, so
 * resolve is not called for every step. A resolver that throws is logged and skipped.
 */
public interface StepHandlerResolver {

    /** The name steps use in {@code handler.resolver} ({@code service_discovery}); unique, never blank. */
    String name();

    /** Where it sits in the chain: 20 to 99 for a plugin's resolver (lower is asked first). */
    int priority();

    /**
     * Whether this resolver handles the address at all; cheap and without side effects.
     *
     * @param definition the step's handler definition, {@code callable} never null (it falls back to
     *                   {@code workflow_step.template_step_name} as the contract says)
     */
    boolean canResolve(HandlerDefinition definition);

    /**
     * The handler for the address: a new instance, a shared one, or a registered one from
     * {@link ResolutionContext#registered}. Its {@code methods()}, input schema and error catalog apply as
     * for any handler.
     *
     * @return the handler, or null when it cannot resolve the address after all (the chain goes on)
     * @throws Exception any failure: logged, and the chain goes on
     */
    StepHandler resolve(HandlerDefinition definition, ResolutionContext context) throws Exception;
}
