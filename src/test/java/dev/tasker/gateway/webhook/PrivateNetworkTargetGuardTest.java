package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.webhook.DeliveryTargetGuard.BlockedTargetException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateNetworkTargetGuardTest {

    private final PrivateNetworkTargetGuard guard = new PrivateNetworkTargetGuard();

    @Nested
    class WithoutOptIn {

        @ParameterizedTest
        @ValueSource(strings = {
                "http://127.0.0.1/hook", "http://127.8.9.10:8080/", "http://[::1]/",
                "http://169.254.1.1/", "http://[fe80::1]/",
                "http://10.0.0.1/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.10/",
                "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://100.64.0.1/", "http://100.127.255.254/",
                "http://0.0.0.0/", "http://0.1.2.3/", "http://[::]/", "http://[fec0::1]/",
                "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.1.2.3]/", "http://[::ffff:192.168.0.1]/",
                "http://[64:ff9b::a00:1]/", "http://[2002:c0a8:101::1]/", "http://[::10.0.0.1]/"
        })
        void refusesLoopbackLinkLocalAndPrivateAddresses(String url) {
            assertThatThrownBy(() -> guard.check(URI.create(url), false))
                    .isInstanceOf(BlockedTargetException.class)
                    .hasMessageContaining("allow_private_network");
        }

        @Test
        void refusesAHostNameThatResolvesToLoopback() {
            assertThatThrownBy(() -> guard.check(URI.create("http://localhost:9/hook"), false))
                    .isInstanceOf(BlockedTargetException.class)
                    .hasMessageContaining("host localhost (")
                    .hasMessageContaining("loopback");
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://93.184.215.14/", "https://8.8.8.8/hook", "http://[2606:4700::1111]/",
                "http://172.32.0.1/", "http://100.128.0.1/", "http://192.169.0.1/", "http://11.0.0.1/"})
        void letsPublicAddressesThrough(String url) {
            assertThatCode(() -> guard.check(URI.create(url), false)).doesNotThrowAnyException();
        }
    }

    @Nested
    class WithOptIn {

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/", "http://10.0.0.1/",
                "http://192.168.1.10/", "http://[::1]/", "http://169.254.10.10/", "http://100.64.0.1/"})
        void allowsPrivateNetworkTargets(String url) {
            assertThatCode(() -> guard.check(URI.create(url), true)).doesNotThrowAnyException();
        }
    }

    @Nested
    class Always {

        @ParameterizedTest
        @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://169.254.170.2/v2/credentials",
                "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://[::ffff:169.254.169.254]/",
                "http://[::ffff:a9fe:a9fe]/", "http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.google.internal./", "http://224.0.0.1/", "http://[ff02::1]/",
                "http://255.255.255.255/", "http://240.0.0.1/"})
        void refusesMetadataMulticastAndReservedEvenWithOptIn(String url) {
            assertThatThrownBy(() -> guard.check(URI.create(url), true))
                    .isInstanceOf(BlockedTargetException.class)
                    .hasMessageNotContaining("allow_private_network");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "gopher://127.0.0.1/", "/relative"})
        void refusesOtherSchemesAndUrlsWithoutHost(String url) {
            assertThatThrownBy(() -> guard.check(URI.create(url), true)).isInstanceOf(BlockedTargetException.class);
        }

        @Test
        void refusesWhenAnyResolvedAddressIsOffLimits() {
            PrivateNetworkTargetGuard twoAddresses = new PrivateNetworkTargetGuard(host -> new InetAddress[] {
                    InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7")});

            assertThatThrownBy(() -> twoAddresses.check(URI.create("https://hooks.example.com/x"), false))
                    .isInstanceOf(BlockedTargetException.class)
                    .hasMessageContaining("host hooks.example.com (10.0.0.7)");
        }

        @Test
        void refusesAHostThatDoesNotResolve() {
            PrivateNetworkTargetGuard nothing = new PrivateNetworkTargetGuard(host -> {
                throw new UnknownHostException(host);
            });

            assertThatThrownBy(() -> nothing.check(URI.create("https://gone.example/"), true))
                    .isInstanceOf(BlockedTargetException.class)
                    .hasMessageContaining("does not resolve");
        }

        @Test
        void resolvesTheHostAtEveryCheckSoARebindIsSeen() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            PrivateNetworkTargetGuard rebinding = new PrivateNetworkTargetGuard(host -> new InetAddress[] {
                    InetAddress.getByName(calls.incrementAndGet() == 1 ? "93.184.215.14" : "169.254.169.254")});
            URI target = URI.create("https://hooks.example.com/x");

            rebinding.check(target, true);
            assertThatThrownBy(() -> rebinding.check(target, true))
                    .isInstanceOf(BlockedTargetException.class)
                    .hasMessageContaining("cloud metadata");
        }
    }
}
