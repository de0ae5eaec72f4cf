package dev.charter.pilots.internal;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Export and import of Pilots (PIL-8) in the versioned format {@code charter.pilot/v1}: the
 * definition only. Connections are referenced by their name inside step settings, never included;
 * delivery secrets and run history are not part of a Pilot's definition.
 */
@Service
public class PilotTransfer {

    public static final String SCHEMA = "charter.pilot/v1";

    private final PilotService pilots;
    private final JsonMapper json;

    PilotTransfer(PilotService pilots, JsonMapper json) {
        this.pilots = pilots;
        this.json = json;
    }

    public ObjectNode export(CurrentUser me, UUID id) {
        var d = pilots.get(me, id).definition();
        ObjectNode out = json.createObjectNode();
        out.put("schema", SCHEMA);
        out.setAll((ObjectNode) json.valueToTree(d));
        return out;
    }

    /** Checks the document whole, reporting every problem at once, then creates the Pilot. */
    public PilotService.Pilot importPilot(CurrentUser me, JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new InvalidInputException("document", "Send a Pilot export: a JSON object with \"schema\": \"" + SCHEMA + "\".");
        }
        JsonNode schema = document.get("schema");
        if (schema == null || !SCHEMA.equals(schema.asString())) {
            throw new InvalidInputException("schema", "Expected \"schema\": \"" + SCHEMA + "\", found "
                    + (schema == null ? "none" : schema.toString()) + ".");
        }
        ObjectNode body = ((ObjectNode) document).deepCopy();
        body.remove("schema");
        PilotDefinition definition;
        try {
            definition = json.treeToValue(body, PilotDefinition.class);
        } catch (JacksonException e) {
            throw new InvalidInputException("document", "The export does not have the shape of " + SCHEMA + ": "
                    + e.getOriginalMessage());
        }
        return pilots.create(me, definition);
    }
}
