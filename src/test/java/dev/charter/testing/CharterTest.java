package dev.charter.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A full Charter application on a real PostgreSQL: the embedded server shared by the test JVM
 * (or the one {@code CHARTER_DATABASE_URL} names), with a fresh database for every application
 * context. Listens on a random port. Tagged {@code database}: CI runs these once more against an
 * external PostgreSQL 15.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Tag("database")
public @interface CharterTest {}
