package dev.charter.ai;

/**
 * One provider an organization can choose, as the AI page shows it.
 *
 * @param provider    which one
 * @param position    its place in the organization's order, from 1; 0 when the order leaves it out
 * @param allowed     false when the operator does not let organizations use it
 * @param available   true when it is connected or configured (the local fallback always is)
 * @param label       the connection's name, or null
 * @param destination where a request's instruction and data go, and who can read them there, in words
 */
public record AiChoice(AiProvider provider, int position, boolean allowed, boolean available, String label,
                       String destination) {}
