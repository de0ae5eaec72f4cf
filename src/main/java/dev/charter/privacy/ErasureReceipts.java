package dev.charter.privacy;

import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs erasure receipts for a module that erases something of its own (a product erasing one of its organization's
 * contacts), with the same Ed25519 key and canonical form as the organization erasure receipt, so
 * {@code POST /api/v1/privacy/receipts/verify} checks them alike.
 */
public interface ErasureReceipts {

    /** The receipt's members (plain maps, lists, strings and numbers) with a {@code signature} member added. */
    ObjectNode sign(Map<String, Object> receipt);
}
