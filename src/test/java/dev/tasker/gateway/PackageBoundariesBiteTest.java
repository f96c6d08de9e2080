package dev.tasker.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The boundary rules are not vacuous: a handler-package class that uses the server breaks two of them. */
class PackageBoundariesBiteTest {

    private static final JavaClasses LEAKY = new ClassFileImporter()
            .importClasses(classNamed("dev.tasker.gateway.handler.LeakyHandlerFixture"));

    @Test
    void anSdkClassUsingTheServerBreaksTheSdkRule() {
        assertThatThrownBy(() -> PackageBoundariesTest.theHandlerSpiDependsOnlyOnTheModelJacksonAndTheJdk.check(LEAKY))
                .isInstanceOf(AssertionError.class).hasMessageContaining("GatewayConfig");
    }

    @Test
    void anyClassOutsideTheServerUsingItBreaksTheCompositionRootRule() {
        assertThatThrownBy(() -> PackageBoundariesTest.onlyTheServerKnowsTheServer.check(LEAKY))
                .isInstanceOf(AssertionError.class).hasMessageContaining("LeakyHandlerFixture");
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
