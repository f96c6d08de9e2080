package dev.tasker.gateway.store;

/** The store could not do what was asked (the database did not answer, a statement failed). */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
