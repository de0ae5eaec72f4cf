/**
 * Operations: what an operator needs to run Charter for real. Encrypted backups of the whole database
 * that expire 30 days after they were made (OPS-1), restores that erase again whatever was erased after
 * the backup (the erasure journal), and the admin command line ({@code java -jar charter.jar help}).
 * See docs/operations.md.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operations")
package dev.charter.operations;
