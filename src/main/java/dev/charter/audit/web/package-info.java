/**
 * The audit pages and JSON API for organization admins: the organization's trail, verification
 * of the chain and the export bundle. A nested module because it needs identity's caller
 * ({@link dev.charter.identity.CurrentUser}) while identity itself writes to the audit log: the
 * audit core must not depend on identity (docs/adr/0012-audit-pseudonyms-and-pages.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit pages")
package dev.charter.audit.web;
