package io.kompress.reliability;

import java.util.Map;

/**
 * What one scenario measured.
 *
 * @param scenario       the scenario
 * @param before         calls before the fault
 * @param during         calls while the fault lasted
 * @param after          calls after it was healed (or after its first {@link FaultMatrixTest#FAULT_MS} ms, for
 *                       instantaneous faults)
 * @param loads          loader calls from the fault's start to the end of the run
 * @param updates        successful evicting updates in the same span
 * @param recoveryMillis from the heal (or the fault, when instantaneous) until the load was normal, or -1
 * @param readyMillis    from the heal until the watched replica's link to the primary was up, or -1
 * @param rejoinMillis   from the heal until the watched replica served reads again, or -1 when not watched
 * @param end            what Redis held once the load stopped, against the database
 * @param refusedWriteBacks write-backs refused because the entry was evicted after their lookup, whole run
 * @param deferredEvictions evictions that failed and were queued for retry, whole run
 * @param slowReads      for the slow-replica scenario, the slow replica's reads late in the fault, else null
 * @param firstMessages  the first message of each kind of failure the load saw, to name in a failed assertion
 */
record Result(Scenario scenario, Phase before, Phase during, Phase after, long loads, long updates,
              long recoveryMillis, long readyMillis, long rejoinMillis, Convergence end, long refusedWriteBacks,
              long deferredEvictions, SlowReads slowReads, Map<Outcome, String> firstMessages) {

    /**
     * Replica reads from {@link FaultMatrixTest#SLOW_SETTLE_MS} into a slow-replica fault to its end.
     *
     * @param slow by the slow replica
     * @param all  by every replica
     */
    record SlowReads(long slow, long all) {
        double share() {
            return all == 0 ? 0 : (double) slow / all;
        }

        @Override
        public String toString() {
            return String.format("%d of %d replica reads (%.2f %%)", slow, all, 100 * share());
        }
    }

    long calls() {
        return before.calls() + during.calls() + after.calls();
    }

    long count(Outcome outcome) {
        return before.count(outcome) + during.count(outcome) + after.count(outcome);
    }
}
