package dev.tasker.gateway.http;

import java.util.Optional;

/**
 * One condition for {@code /health/ready}. Thread-safe; must answer quickly and never throw.
 */
public interface ReadinessCheck {

    /** A short stable name: {@code registry}, {@code required_handlers}, {@code store}, ... */
    String name();

    /** Empty when ready; otherwise what is wrong, in words an operator can act on. */
    Optional<String> problem();
}
