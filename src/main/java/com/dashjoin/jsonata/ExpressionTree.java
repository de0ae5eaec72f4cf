package com.dashjoin.jsonata;

import com.dashjoin.jsonata.Parser.Symbol;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Visits every node of a parsed expression, whatever field of its parent holds it. */
final class ExpressionTree {

    private static final List<Field> SYMBOL_FIELDS = symbolFields();

    private ExpressionTree() {}

    static void walk(Symbol root, Consumer<Symbol> visit) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Symbol> pending = new ArrayList<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Symbol s = pending.remove(pending.size() - 1);
            if (s == null || !seen.add(s)) {
                continue;
            }
            visit.accept(s);
            for (Field f : SYMBOL_FIELDS) {
                Object v;
                try {
                    v = f.get(s);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                collect(v, pending);
            }
        }
    }

    private static void collect(Object v, List<Symbol> pending) {
        if (v instanceof Symbol s) {
            pending.add(s);
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                collect(o, pending);
            }
        } else if (v instanceof Object[] a) {
            for (Object o : a) {
                collect(o, pending);
            }
        }
    }

    private static List<Field> symbolFields() {
        List<Field> fields = new ArrayList<>();
        for (Field f : Symbol.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                fields.add(f);
            }
        }
        return List.copyOf(fields);
    }
}
