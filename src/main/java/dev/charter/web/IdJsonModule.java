package dev.charter.web;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;

/** Id records ({@link IdRecords}) as plain strings in every answer, and read from plain strings in every request. */
final class IdJsonModule extends SimpleModule {

    IdJsonModule() {
        super("charter-ids");
        setSerializerModifier(new ValueSerializerModifier() {
            @Override
            public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier bean,
                                                       ValueSerializer<?> serializer) {
                return IdRecords.isId(bean.getBeanClass()) ? new IdSerializer() : serializer;
            }
        });
        setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier bean,
                                                           ValueDeserializer<?> deserializer) {
                Class<?> type = bean.getBeanClass();
                return IdRecords.isId(type) ? new IdDeserializer(type) : deserializer;
            }
        });
    }

    private static final class IdSerializer extends ValueSerializer<Object> {
        @Override
        public void serialize(Object id, JsonGenerator g, SerializationContext context) {
            g.writeString(IdRecords.value(id).toString());
        }
    }

    private static final class IdDeserializer extends ValueDeserializer<Object> {
        private final Class<?> type;

        IdDeserializer(Class<?> type) {
            this.type = type;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) {
            String text;
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                text = p.getString().strip();
            } else if (p.currentToken() == JsonToken.START_OBJECT) {
                // the {"value": …} shape older answers and stored documents used
                var node = context.readTree(p);
                if (node.size() != 1 || !node.path("value").isString()) {
                    return context.handleUnexpectedToken(type, p);
                }
                text = node.path("value").asString().strip();
            } else {
                return context.handleUnexpectedToken(type, p);
            }
            try {
                return IdRecords.create(type, text);
            } catch (IllegalArgumentException e) {
                return context.handleWeirdStringValue(type, text, "not a valid id");
            }
        }
    }
}
