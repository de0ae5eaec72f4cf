package dev.charter.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Charter talks to an external PostgreSQL ({@code CHARTER_DATABASE_TLS_*}). The embedded server
 * listens on loopback only and is not concerned.
 *
 * @param rootCert       PEM file of the certificate authority that signed the server's certificate
 *                       ({@code sslrootcert}); required unless the URL names one itself
 * @param allowPlaintext true lets the URL ask for a plain or unverified connection; Charter then warns at
 *                       every start. Meant for a database on the same host or a private test network only.
 */
@ConfigurationProperties("charter.database.tls")
public record DatabaseTlsSettings(String rootCert, @DefaultValue("false") boolean allowPlaintext) {}
