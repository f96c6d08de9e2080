package dev.tasker.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opened, closed last opened first (stores, writers, receivers) after each test: a field
 * {@code @RegisterExtension final Closer closing = new Closer();}.
 */
public final class Closer implements AutoCloseable, AfterEachCallback {

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Closes {@code resource} with the others; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
