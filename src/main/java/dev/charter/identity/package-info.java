/**
 * Identity and tenancy: organizations, users, memberships and roles, sign-up and sign-in,
 * the one session cookie, API tokens, invitations and rate limits. Other modules learn who is
 * calling through {@link dev.charter.identity.CurrentUser}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package dev.charter.identity;
