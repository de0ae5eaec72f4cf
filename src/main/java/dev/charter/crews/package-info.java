/**
 * Crews: AI customer support and lead generation. An organization puts a crew (an answerer, a qualifier, a triager,
 * each with its instruction and hand-off rules) in front of its customers on a channel (the API, the web chat widget
 * and a support mailbox, all in the same model). Every inbound message lands in a conversation with a contact
 * of the organization, which is the controller of all of it (CRW-1).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Crews")
package dev.charter.crews;
