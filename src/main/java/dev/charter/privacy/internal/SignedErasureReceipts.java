package dev.charter.privacy.internal;

import dev.charter.privacy.ErasureReceipts;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@link ErasureReceipts} with the receipt key the organization erasure signs with. */
@Component
class SignedErasureReceipts implements ErasureReceipts {

    private final ReceiptKey key;
    private final JsonMapper json;
    private final CanonicalJson canonical;

    SignedErasureReceipts(ReceiptKey key, JsonMapper json) {
        this.key = key;
        this.json = json;
        this.canonical = new CanonicalJson(json);
    }

    @Override
    public ObjectNode sign(Map<String, Object> receipt) {
        ObjectNode node = json.valueToTree(receipt);
        node.remove("signature");
        ObjectNode signature = json.createObjectNode();
        signature.put("algorithm", ReceiptKey.ALGORITHM);
        signature.put("keyId", key.keyId());
        signature.put("value", key.sign(canonical.of(node)));
        node.set("signature", signature);
        return node;
    }
}
