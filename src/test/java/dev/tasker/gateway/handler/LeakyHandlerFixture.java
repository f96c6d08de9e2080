package dev.tasker.gateway.handler;

import dev.tasker.gateway.server.GatewayConfig;

/** A handler-package class that reaches into the server: the boundary rules must refuse it. */
final class LeakyHandlerFixture {

    static int port() {
        return GatewayConfig.defaults().port();
    }
}
