package dev.charter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.charter.egress.fixture.GatewayLikeClient;
import dev.charter.fixture.OpensItsOwnConnections;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * EGR-1: only the egress module opens outbound network connections. Any other class that touches a socket, an
 * HTTP client, a URL connection, a socket factory or the resolver breaks the build. The rule is checked against
 * a fixture that does all of that, so it cannot pass by matching nothing.
 */
class OnlyEgressGoesOutTest {

    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.charter");

    static final ArchRule onlyEgressGoesOut = noClasses()
            .that().resideOutsideOfPackage("dev.charter.egress..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.SocketChannel")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.AsynchronousSocketChannel")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.DatagramChannel")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.net.SocketFactory")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.net.ssl.SSLSocketFactory")
            .orShould().dependOnClassesThat().resideInAnyPackage(
                    "java.net.http..", "org.springframework.web.client..", "org.springframework.web.reactive.function.client..",
                    "org.apache.hc..", "org.apache.http..", "okhttp3..", "jakarta.mail..", "javax.mail..", "javax.naming..")
            .orShould().callMethod(java.net.URL.class, "openConnection")
            .orShould().callMethod(java.net.URL.class, "openStream")
            .orShould().callMethod(java.net.InetAddress.class, "getByName", String.class)
            .orShould().callMethod(java.net.InetAddress.class, "getAllByName", String.class)
            .because("EGR-1: every outbound request leaves through the egress gateway");

    @Test
    @Tag("claim:EGR-1")
    void onlyEgressOpensOutboundConnections() {
        onlyEgressGoesOut.check(classes);
    }

    @Test
    @Tag("claim:EGR-1")
    void theRuleFailsOnAClassOutsideEgressThatGoesOutByItself() {
        JavaClasses offender = new ClassFileImporter().importClasses(OpensItsOwnConnections.class);
        assertThatThrownBy(() -> onlyEgressGoesOut.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("OpensItsOwnConnections.withHttpClient")
                .hasMessageContaining("OpensItsOwnConnections.withSocket")
                .hasMessageContaining("OpensItsOwnConnections.withUrl")
                .hasMessageContaining("OpensItsOwnConnections.withDns");
    }

    @Test
    void theSameCodeInsideEgressIsAllowed() {
        JavaClasses both = new ClassFileImporter().importClasses(GatewayLikeClient.class, OpensItsOwnConnections.class);
        assertThatThrownBy(() -> onlyEgressGoesOut.check(both))
                .hasMessageContaining("OpensItsOwnConnections")
                .hasMessageNotContaining("GatewayLikeClient");
    }
}
