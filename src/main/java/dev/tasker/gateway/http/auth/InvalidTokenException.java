package dev.tasker.gateway.http.auth;

/**
 * A bearer token that is not acceptable: malformed, unsigned, signed with a refused algorithm or an unknown
 * key, a bad signature, or claims that do not hold. The message is a short reason safe to send to the client
 * ({@code expired}); it never quotes the token.
 */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
