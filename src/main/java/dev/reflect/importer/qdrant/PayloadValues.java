package dev.reflect.importer.qdrant;

import io.qdrant.client.ValueFactory;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Payload values between plain Java (String, Long, Double, Boolean, List, Map) and Qdrant's gRPC values. */
final class PayloadValues {

    private PayloadValues() {
    }

    /** The payload as gRPC values; null values are left out. */
    static Map<String, Value> toValues(Map<String, Object> payload, String pointDescription) {
        Map<String, Value> values = new LinkedHashMap<>();
        if (payload != null) {
            payload.forEach((key, value) -> {
                if (value != null) {
                    values.put(key, toValue(value, key, pointDescription));
                }
            });
        }
        return values;
    }

    private static Value toValue(Object value, String key, String pointDescription) {
        if (value instanceof String s) {
            return ValueFactory.value(s);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ValueFactory.value(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return ValueFactory.value(((Number) value).doubleValue());
        }
        if (value instanceof Boolean b) {
            return ValueFactory.value(b);
        }
        if (value instanceof List<?> list) {
            List<Value> values = new ArrayList<>(list.size());
            for (Object element : list) {
                if (element != null) {
                    values.add(toValue(element, key, pointDescription));
                }
            }
            return ValueFactory.list(values);
        }
        throw new IllegalArgumentException("Payload field '" + key + "' of " + pointDescription
                + " has unsupported type " + value.getClass().getName());
    }

    /** The payload as plain Java values; JSON nulls are left out. */
    static Map<String, Object> toJava(Map<String, Value> payload) {
        Map<String, Object> result = new LinkedHashMap<>();
        payload.forEach((key, value) -> {
            Object converted = toJava(value);
            if (converted != null) {
                result.put(key, converted);
            }
        });
        return result;
    }

    /** String, Long, Double, Boolean, List or Map; null for a JSON null. */
    private static Object toJava(Value value) {
        switch (value.getKindCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case INTEGER_VALUE:
                return value.getIntegerValue();
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case BOOL_VALUE:
                return value.getBoolValue();
            case LIST_VALUE:
                List<Object> list = new ArrayList<>(value.getListValue().getValuesCount());
                for (Value element : value.getListValue().getValuesList()) {
                    Object converted = toJava(element);
                    if (converted != null) {
                        list.add(converted);
                    }
                }
                return list;
            case STRUCT_VALUE:
                return toJava(value.getStructValue().getFieldsMap());
            default:
                return null;
        }
    }
}
