package io.kompress.reliability;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Figures for the calls that started within one time range: count, outcomes and latency percentiles.
 *
 * @param calls     calls started in the range
 * @param outcomes  calls per outcome
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param updates   evicting updates that succeeded
 */
record Phase(long calls, Map<Outcome, Long> outcomes, long p50Micros, long p99Micros, long updates) {

    static Phase of(List<Samples> all, long fromNanos, long toNanos) {
        int n = 0;
        for (Samples s : all) {
            n += s.size();
        }
        long[] latencies = new long[n];
        int count = 0;
        long updates = 0;
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (Samples s : all) {
            for (int i = 0; i < s.size(); i++) {
                long start = s.start(i);
                if (start >= fromNanos && start < toNanos) {
                    latencies[count++] = s.latency(i);
                    outcomes.merge(s.outcome(i), 1L, Long::sum);
                    if (s.isWrite(i) && s.outcome(i) == Outcome.OK) {
                        updates++;
                    }
                }
            }
        }
        Arrays.sort(latencies, 0, count);
        return new Phase(count, outcomes, percentile(latencies, count, 0.50), percentile(latencies, count, 0.99),
            updates);
    }

    private static long percentile(long[] sorted, int count, double q) {
        if (count == 0) {
            return 0;
        }
        int index = (int) Math.min(count - 1, Math.ceil(q * count) - 1);
        return sorted[Math.max(0, index)] / 1000;
    }

    long count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    long errors() {
        return calls - count(Outcome.OK);
    }
}
