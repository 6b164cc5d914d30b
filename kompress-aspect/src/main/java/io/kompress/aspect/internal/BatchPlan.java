package io.kompress.aspect.internal;

import io.kompress.annotations.HashCachedBatch;
import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.internal.util.Sneaky;
import io.kompress.cache.internal.woven.DefaultCache;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.aspectj.lang.ProceedingJoinPoint;

/**
 * Everything about one {@code @HashCachedBatch} method that does not change between calls: its key template, the
 * position of its ids parameter and how to build a collection of that parameter's declared type, its value model
 * and policy. Each call maps ids to fields, asks the cache for all of them at once, and runs the method with only
 * the ids the cache asks to load.
 */
final class BatchPlan {

    private final Template key;
    private final int idsIndex;
    private final IntFunction<Collection<Object>> collection;
    private final CacheModel<Object> model;
    private final CachePolicy policy;
    private final String description;

    private BatchPlan(Template key, int idsIndex, IntFunction<Collection<Object>> collection,
                      CacheModel<Object> model, CachePolicy policy, String description) {
        this.key = key;
        this.idsIndex = idsIndex;
        this.collection = collection;
        this.model = model;
        this.policy = policy;
        this.description = description;
    }

    /**
     * The position of the parameter {@code ids} names ({@code #name}, {@code #p0} or {@code #a0}).
     *
     * @throws IllegalArgumentException naming the method and the parameters when it names none
     */
    static int idsIndex(String where, String ids, String[] names) {
        String trimmed = ids.trim();
        int index = trimmed.startsWith("#") ? TemplateSyntax.parameterIndex(names, trimmed.substring(1)) : -1;
        if (index < 0) {
            throw new IllegalArgumentException(where + ": ids '" + ids + "' must name a parameter, such as #ids or "
                + "#p0; parameters are " + List.of(names));
        }
        return index;
    }

    /**
     * Refuses a key that refers to the ids parameter: one batch reads one hash, so the key may only use the
     * other parameters. Reads the key with {@link TemplateSyntax}, so {@code ##ids} (a literal) is allowed.
     *
     * @throws IllegalArgumentException naming the method and the key when it refers to the ids
     */
    static void keyAvoidsIds(String where, String key, String description, String[] names, int index) {
        for (Object part : TemplateSyntax.parse(key, "key", description)) {
            if (part instanceof TemplateSyntax.Path path
                && TemplateSyntax.parameterIndex(names, path.segments()[0]) == index) {
                throw new IllegalArgumentException(where + ": key '" + key + "' refers to the ids parameter; a batch "
                    + "reads one hash, so the key may use the other parameters only");
            }
        }
    }

    /** The message for a batch method that does not return {@link Map}. */
    static String notAMap(String where, String returned) {
        return where + ": must return Map<Id, Value>, not " + returned;
    }

    static BatchPlan of(Method method, String[] parameterNames, HashCachedBatch annotation) {
        MethodShape params = MethodShape.of(method, parameterNames);
        String where = "@HashCachedBatch on " + params.description();
        int index = idsIndex(where, annotation.ids(), params.names());
        keyAvoidsIds(where, annotation.key(), params.description(), params.names(), index);
        IntFunction<Collection<Object>> factory = collectionOf(params.types()[index], where);
        if (!Map.class.equals(method.getReturnType())) {
            throw new IllegalArgumentException(notAMap(where, method.getGenericReturnType().getTypeName()));
        }
        Type value = annotation.model() != void.class ? annotation.model() : valueType(method, where);
        return new BatchPlan(Template.parse(annotation.key(), "key", params), index, factory, CacheModel.of(value),
            AnnotationPolicy.of(annotation, params.description()), params.description());
    }

    private static Type valueType(Method method, String where) {
        if (method.getGenericReturnType() instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[1];
        }
        throw new IllegalArgumentException(where + ": a raw Map return type names no model; return Map<Id, Value> "
            + "or set model");
    }

    /** A constructor for collections of the declared parameter type, or a failure naming it. */
    private static IntFunction<Collection<Object>> collectionOf(Class<?> type, String where) {
        if (type == Collection.class || type == List.class || type == ArrayList.class) {
            return ArrayList::new;
        }
        if (type == Set.class || type == LinkedHashSet.class) {
            return LinkedHashSet::new;
        }
        if (type == HashSet.class) {
            return HashSet::new;
        }
        if (type == SortedSet.class || type == NavigableSet.class || type == TreeSet.class) {
            return n -> new TreeSet<>();
        }
        throw new IllegalArgumentException(where + ": the ids parameter is a " + type.getName() + "; use Collection, "
            + "List, Set, SortedSet or one of ArrayList, HashSet, LinkedHashSet, TreeSet");
    }

    Object invoke(ProceedingJoinPoint pjp) {
        Object[] args = pjp.getArgs();
        if (!(args[idsIndex] instanceof Collection<?> ids)) {
            throw new IllegalArgumentException("@HashCachedBatch on " + description + ": the ids collection is null");
        }
        Map<String, Object> byField = new LinkedHashMap<>();
        int i = 0;
        for (Object id : ids) {
            if (id == null) {
                throw new IllegalArgumentException("@HashCachedBatch on " + description + ": id at index " + i
                    + " is null");
            }
            byField.putIfAbsent(String.valueOf(id), id);
            i++;
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        if (byField.isEmpty()) {
            return result;
        }
        String k = key.evaluate(args);
        Map<String, Object> found = DefaultCache.get().hmgetL(k, byField.keySet(), fields -> {
            Collection<Object> reduced = collection.apply(fields.size());
            fields.forEach(f -> reduced.add(byField.get(f)));
            Object[] reducedArgs = args.clone();
            reducedArgs[idsIndex] = reduced;
            Map<?, ?> loaded = (Map<?, ?>) proceed(pjp, reducedArgs);
            Map<String, Object> out = new HashMap<>();
            if (loaded != null) {
                loaded.forEach((id, v) -> {
                    if (id != null && v != null) {
                        out.put(String.valueOf(id), v);
                    }
                });
            }
            return out;
        }, model, policy);
        byField.forEach((f, id) -> {
            Object v = found.get(f);
            if (v != null) {
                result.put(id, v);
            }
        });
        return result;
    }

    private static Object proceed(ProceedingJoinPoint pjp, Object[] args) {
        try {
            return pjp.proceed(args);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }
}
