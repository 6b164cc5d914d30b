package io.kompress.reliability;

/**
 * What one scenario measured.
 *
 * @param scenario       the scenario
 * @param before         calls before the fault
 * @param during         calls while the fault lasted
 * @param after          calls after it was healed (or after its first 6 s, for instantaneous faults)
 * @param loads          loader calls from the fault's start to the end of the run
 * @param updates        successful evicting updates in the same span
 * @param recoveryMillis from the heal (or the fault, when instantaneous) until the load was normal, or -1
 * @param readyMillis    from the heal until the watched replica's link to the primary was up, or -1
 * @param rejoinMillis   from the heal until the watched replica served reads again, or -1 when not watched
 * @param entriesAtEnd   entries in the hash on the primary at the end
 */
record Result(Scenario scenario, Phase before, Phase during, Phase after, long loads, long updates,
              long recoveryMillis, long readyMillis, long rejoinMillis, long entriesAtEnd) {

    long calls() {
        return before.calls() + during.calls() + after.calls();
    }

    long count(Outcome outcome) {
        return before.count(outcome) + during.count(outcome) + after.count(outcome);
    }
}
