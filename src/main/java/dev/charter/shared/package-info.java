/**
 * Value types every module speaks in: the tenant ({@link dev.charter.shared.OrgId}) and the
 * person ({@link dev.charter.shared.UserId}). Nothing here has behaviour beyond validation.
 */
package dev.charter.shared;
