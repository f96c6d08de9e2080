package dev.tasker.gateway.http.auth;

import dev.tasker.gateway.http.ProblemException;
import dev.tasker.gateway.model.TaskSequenceStep;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/**
 * Refuses steps whose task namespace ({@code task.namespace_name}) the request's identity may not execute
 * (a JWT with {@code jwt.namespaces_claim} configured): 403 problem before anything runs; a batch is refused
 * whole, naming the first such step. Identities without a restriction (API keys) pass.
 */
public final class NamespaceAccess {

    private NamespaceAccess() {
    }

    /** @param steps the steps as sent; null entries are left to validation */
    public static void check(SecurityContext security, List<TaskSequenceStep> steps) {
        if (security == null || !(security.getUserPrincipal() instanceof Identity identity)
                || identity.namespaces() == null || steps == null) {
            return;
        }
        for (int i = 0; i < steps.size(); i++) {
            TaskSequenceStep step = steps.get(i);
            if (step == null) {
                continue;
            }
            String namespace = step.task() == null ? null : step.task().namespaceName();
            if (!identity.mayExecuteIn(namespace)) {
                String which = steps.size() == 1 ? "" : "step " + i + ": ";
                throw new ProblemException(403, "Forbidden", which + "the " + identity.describe()
                        + " may not execute steps of namespace " + (namespace == null ? "(none)" : "'" + namespace + "'"),
                        "NAMESPACE_FORBIDDEN", null, false, List.of(), Map.of());
            }
        }
    }
}
