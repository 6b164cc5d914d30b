package io.kompress.cache.internal.topology;

import io.kompress.cache.internal.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sends a caller's read and its riders' reads (see {@link FairPermits}) in one pipeline on one pooled connection,
 * and hands each rider its own reply or error. Whatever happens, every rider is completed before this returns or
 * throws: a rider never waits on a read nobody sends.
 */
final class CombinedReads {

    private CombinedReads() {
    }

    /**
     * Sends {@code own} and each rider's read in one round trip.
     *
     * @return {@code own}'s reply
     * @throws RuntimeException what the client threw for {@code own}; each rider gets its own reply or error
     */
    static List<byte[]> send(UnifiedJedis client, FieldRead own, List<FairPermits.Turn> riders, TimeSource time) {
        long start = time.nanoTime();
        try {
            Response<List<byte[]>> mine;
            List<Response<List<byte[]>>> theirs = new ArrayList<>(riders.size());
            try (AbstractPipeline pipeline = client.pipelined()) {
                mine = own.queue(pipeline);
                for (FairPermits.Turn rider : riders) {
                    theirs.add(rider.read().queue(pipeline));
                }
                pipeline.sync();
            }
            long nanos = time.nanoTime() - start;
            for (int i = 0; i < riders.size(); i++) {
                deliver(riders.get(i), theirs.get(i), nanos);
            }
            return mine.get();
        } catch (RuntimeException e) {
            failAll(riders, e, time.nanoTime() - start);
            throw e;
        } catch (Error e) {
            failAll(riders, new IllegalStateException("the caller sending this read failed: " + e, e),
                time.nanoTime() - start);
            throw e;
        }
    }

    private static void deliver(FairPermits.Turn rider, Response<List<byte[]>> response, long nanos) {
        List<byte[]> reply;
        try {
            reply = response.get();
        } catch (RuntimeException e) { // this read's own error, such as MOVED or WRONGTYPE
            rider.fail(e, nanos);
            return;
        }
        rider.complete(reply, nanos);
    }

    private static void failAll(List<FairPermits.Turn> riders, RuntimeException e, long nanos) {
        for (FairPermits.Turn rider : riders) {
            rider.fail(e, nanos); // riders already answered keep their answer
        }
    }
}
