package dev.charter.vault;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.charter.vault.fixture.DecryptsOutsideEgress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * VLT-4 / EGR-3: credentials are decrypted only by the egress gateway, at the moment it attaches one to a
 * request. No class outside {@code dev.charter.egress} may call (or take a reference to) {@link Vault#useSecret},
 * and inside the vault only the façade's {@code useSecret} opens an envelope.
 */
class OnlyEgressDecryptsTest {

    static final JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.charter");

    static final ArchRule onlyEgressCallsUseSecret = noClasses()
            .that().resideOutsideOfPackage("dev.charter.egress..")
            .should().accessTargetWhere(target(name("useSecret").or(name("rewriteSecret"))).and(target(owner(assignableTo(Vault.class)))))
            .because("VLT-4/EGR-3: only the egress gateway decrypts credentials, after its policy check");

    static final ArchRule onlyUseSecretOpensEnvelopes = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.charter.vault.internal.JdbcVault")
            .should().accessTargetWhere(target(name("open"))
                    .and(target(owner(name("dev.charter.vault.internal.Envelope")))))
            .because("VLT-4: the vault decrypts a credential only inside Vault.useSecret");

    @Test
    @Tag("claim:VLT-4")
    @Tag("claim:EGR-3")
    void onlyEgressDecrypts() {
        onlyEgressCallsUseSecret.check(main);
        onlyUseSecretOpensEnvelopes.check(main);
    }

    @Test
    @Tag("claim:VLT-4")
    void theRuleBitesOnAClassOutsideEgress() {
        JavaClasses offender = new ClassFileImporter().importClasses(DecryptsOutsideEgress.class);
        assertThatThrownBy(() -> onlyEgressCallsUseSecret.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("DecryptsOutsideEgress.length")
                .hasMessageContaining("DecryptsOutsideEgress.byReference");
    }
}
