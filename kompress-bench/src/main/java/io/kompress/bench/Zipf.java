package io.kompress.bench;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s, by inverting the cumulative sums. */
final class Zipf {

    private final double[] cumulative;

    Zipf(int n, double s) {
        cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    int next() {
        int i = Arrays.binarySearch(cumulative, ThreadLocalRandom.current().nextDouble());
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }
}
