package dev.charter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * EGR-1: only the egress module opens outbound network connections. Any other class that
 * touches a socket, an HTTP client or a URL connection breaks the build.
 */
class OnlyEgressGoesOutTest {

    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.charter");

    @Test
    @Tag("claim:EGR-1")
    void onlyEgressOpensOutboundConnections() {
        ArchRule rule = noClasses()
                .that().resideOutsideOfPackage("dev.charter.egress..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.SocketChannel")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.http.HttpClient")
                .orShould().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web.client..", "org.springframework.web.reactive.function.client..",
                        "org.apache.hc..", "org.apache.http..", "okhttp3..", "jakarta.mail..", "javax.mail..")
                .orShould().callMethod(java.net.URL.class, "openConnection")
                .orShould().callMethod(java.net.URL.class, "openStream")
                .because("EGR-1: every outbound request leaves through the egress gateway");
        rule.check(classes);
    }
}
