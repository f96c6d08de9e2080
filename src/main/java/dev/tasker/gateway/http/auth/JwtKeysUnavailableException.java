package dev.tasker.gateway.http.auth;

/** No signing key could be had: the JWK set was never fetched successfully. Answered 503, not 401. */
public final class JwtKeysUnavailableException extends Exception {

    public JwtKeysUnavailableException(String message) {
        super(message, null, false, false);
    }
}
