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

    /** Something an operator should know while the check is up (e.g. plugin load failures); empty by default. */
    default Optional<String> detail() {
        return Optional.empty();
    }
}
