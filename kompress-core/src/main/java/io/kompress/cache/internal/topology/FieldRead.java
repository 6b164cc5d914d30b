package io.kompress.cache.internal.topology;

import io.kompress.cache.RedisCall;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * An {@code HMGET} of some fields of one hash: the read behind every cache lookup, and the one call a topology
 * knows how to combine. When callers queue for a node's connections, the caller handed a connection also sends
 * the reads of those queued behind it, in one pipeline (see {@link FairPermits}), so a burst of lookups costs
 * a round trip per group rather than per lookup. Immutable; retried as is on another node.
 */
public final class FieldRead implements RedisCall<List<byte[]>> {

    private final byte[] key;
    private final byte[][] fields;

    /**
     * A read of {@code fields} of hash {@code key}.
     *
     * @param key    the hash key, UTF-8
     * @param fields the fields, UTF-8; the reply has one element per field, null where absent
     */
    public FieldRead(byte[] key, byte[]... fields) {
        this.key = key;
        this.fields = fields;
    }

    @Override
    public List<byte[]> apply(UnifiedJedis redis) {
        return redis.hmget(key, fields);
    }

    /** Queues the same read on a pipeline. */
    Response<List<byte[]>> queue(AbstractPipeline pipeline) {
        return pipeline.hmget(key, fields);
    }
}
