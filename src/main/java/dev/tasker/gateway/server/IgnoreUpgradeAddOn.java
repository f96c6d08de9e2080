package dev.tasker.gateway.server;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Makes Grizzly ignore {@code Upgrade} request headers, as RFC 9110 allows a server to. Without it, a
 * request that offers an upgrade Grizzly has no filter for (Java's HttpClient sends {@code Upgrade: h2c}
 * by default) never sees the end of its body and times out (glassfish-grizzly #1972/#2117, jersey #6059).
 * The gateway speaks HTTP/1.1 only, so the offer is dropped and the request is served normally.
 */
final class IgnoreUpgradeAddOn implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int httpServerFilter = builder.indexOfType(HttpServerFilter.class);
        builder.add(httpServerFilter, new DropUpgradeFilter());
    }

    private static final class DropUpgradeFilter extends BaseFilter {
        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
            if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
                HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
                if (header.isRequest()) {
                    header.setIgnoreContentModifiers(false);
                    header.getUpgradeDC().recycle();
                }
            }
            return ctx.getInvokeAction();
        }
    }
}
