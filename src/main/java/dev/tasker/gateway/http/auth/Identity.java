package dev.tasker.gateway.http.auth;

import java.security.Principal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who sent a request, as one authenticator established it: a name for logs (an API key's name, a token's
 * {@code sub}), what it may do, and which step namespaces it may execute. The filter puts it on the request's
 * {@link jakarta.ws.rs.core.SecurityContext} as the user principal; resources read it from there.
 *
 * @param kind       how the request authenticated
 * @param name       what logs show; never a secret
 * @param scopes     what it may do; may be empty (then every route answers 403)
 * @param namespaces the step namespaces ({@code task.namespace_name}) it may execute; null for any
 */
public record Identity(Kind kind, String name, Set<ApiScope> scopes, Set<String> namespaces) implements Principal {

    /** How a request authenticated; each kind logs its identity under its own MDC key. */
    public enum Kind {
        /** {@code X-API-Key} or {@code Authorization: Bearer} with a configured key; logged as {@code api_key}. */
        API_KEY("api_key"),
        /** {@code Authorization: Bearer} with a signed JWT; the {@code sub} is logged as {@code jwt_sub}. */
        JWT("jwt_sub"),
        /** A verified TLS client certificate that {@code client_certs} maps; its name is logged as {@code client_cert}. */
        CLIENT_CERT("client_cert");

        private final String mdcKey;

        Kind(String mdcKey) {
            this.mdcKey = mdcKey;
        }

        /** The MDC key log lines show the identity's name under. */
        public String mdcKey() {
            return mdcKey;
        }
    }

    public Identity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        scopes = scopes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(scopes));
        namespaces = namespaces == null ? null : Set.copyOf(namespaces);
    }

    /** An API key's identity: its name and scopes, every namespace. */
    public static Identity of(ApiKey key) {
        return new Identity(Kind.API_KEY, key.name(), key.scopes(), null);
    }

    /** A mapped client certificate's identity: its entry's name and scopes, every namespace. */
    public static Identity of(ClientCert certificate) {
        return new Identity(Kind.CLIENT_CERT, certificate.name(), certificate.scopes(), null);
    }

    public boolean allows(ApiScope scope) {
        return scopes.contains(scope);
    }

    /** Whether it may execute a step of {@code namespace} (null when the step names none). */
    public boolean mayExecuteIn(String namespace) {
        return namespaces == null || namespaces.contains("*") || namespace != null && namespaces.contains(namespace);
    }

    @Override
    public String getName() {
        return name;
    }

    /**
     * How logs and problems name it: {@code API key 'orchestrator'}, {@code token of 'svc-1'},
     * {@code client certificate 'orchestrator-1'}.
     */
    public String describe() {
        return switch (kind) {
            case API_KEY -> "API key '" + name + "'";
            case JWT -> "token of '" + name + "'";
            case CLIENT_CERT -> "client certificate '" + name + "'";
        };
    }

    @Override
    public String toString() {
        return "Identity[" + kind + " " + name + ", scopes="
                + scopes.stream().map(ApiScope::wireName).collect(Collectors.joining("+"))
                + (namespaces == null ? "" : ", namespaces=" + namespaces) + "]";
    }
}
