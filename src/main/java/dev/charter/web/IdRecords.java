package dev.charter.web;

import java.lang.reflect.RecordComponent;
import java.util.UUID;

/**
 * The one rule for id types: a record named {@code …Id} with a single component {@code value} of type UUID or
 * String ({@code OrgId}, {@code UserId}, {@code ConnectionId}, …) is a plain string in JSON, in both directions,
 * and in the OpenAPI document. {@link IdJsonModule} and {@link OpenApiDocument} both ask this class.
 */
final class IdRecords {

    private IdRecords() {}

    static boolean isId(Class<?> type) {
        if (type == null || !type.isRecord() || !type.getSimpleName().endsWith("Id")) {
            return false;
        }
        RecordComponent[] c = type.getRecordComponents();
        return c.length == 1 && c[0].getName().equals("value")
                && (c[0].getType() == UUID.class || c[0].getType() == String.class);
    }

    static Class<?> valueType(Class<?> type) {
        return type.getRecordComponents()[0].getType();
    }

    static Object value(Object id) {
        try {
            return id.getClass().getRecordComponents()[0].getAccessor().invoke(id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + id.getClass().getSimpleName(), e);
        }
    }

    static Object create(Class<?> type, String text) {
        Object value = valueType(type) == UUID.class ? UUID.fromString(text) : text;
        try {
            var constructor = type.getDeclaredConstructor(valueType(type));
            constructor.setAccessible(true);
            return constructor.newInstance(value);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalArgumentException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getSimpleName(), e);
        }
    }
}
