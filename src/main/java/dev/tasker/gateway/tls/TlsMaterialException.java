package dev.tasker.gateway.tls;

/** A certificate, key or trust file that cannot be used; the message names the file, never a secret. */
public final class TlsMaterialException extends RuntimeException {

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
