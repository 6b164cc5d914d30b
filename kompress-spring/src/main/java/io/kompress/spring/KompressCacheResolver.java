package io.kompress.spring;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;

/**
 * Gives each cached method caches typed by what it returns, so that a cache needs no configured model: the
 * method's generic return type ({@code User}, {@code List<User>}), with {@code Optional<T>} and
 * {@code CompletableFuture<T>} unwrapped as Spring unwraps them before caching. A model configured for the cache
 * name wins. Set by the Boot starter; with plain Spring, return it from your {@code CachingConfigurer.cacheResolver()}.
 */
public final class KompressCacheResolver implements CacheResolver {

    private final KompressCacheManager manager;

    /**
     * A resolver over {@code manager}'s caches.
     *
     * @param manager the manager
     */
    public KompressCacheResolver(KompressCacheManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    @Override
    public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
        Type type = valueType(context.getMethod());
        List<Cache> out = new ArrayList<>();
        for (String name : context.getOperation().getCacheNames()) {
            Cache c = manager.getCache(name, type);
            if (c == null) {
                throw new IllegalArgumentException("cache '" + name + "' is not configured and dynamic caches are off ("
                    + context.getMethod() + ")");
            }
            out.add(c);
        }
        return out;
    }

    /** What a cache of this method holds: its return type, with Optional and futures unwrapped. */
    static Type valueType(Method method) {
        Type t = method.getGenericReturnType();
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
            && (raw == Optional.class || CompletionStage.class.isAssignableFrom(raw))) {
            return p.getActualTypeArguments()[0];
        }
        return t;
    }
}
