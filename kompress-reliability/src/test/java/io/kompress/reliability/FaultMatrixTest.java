package io.kompress.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.DelayProxy;
import io.kompress.testing.RedisBinary;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * The fault matrix: for each {@link Scenario}, a fresh primary and two replicas, a woven {@code @HashCached}
 * service warmed over {@value #FIELDS} fields, {@value #THREADS} threads of load, and a fault injected after
 * {@value #BEFORE_MS} ms, lasting {@value #FAULT_MS} ms, followed by observation until the load has settled
 * (at most {@value #AFTER_MS} ms).
 * Writes the table to {@code target/RELIABILITY.md} and, when {@code kompress.reliability.report} names a
 * file, there as well.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixTest {

    static final int THREADS = 16;
    static final int FIELDS = 3000;
    static final double WRITE_SHARE = 0.05;
    static final long BEFORE_MS = 1000;
    static final long FAULT_MS = 4000;
    /**
     * The longest observation after the fault: it ends sooner, once the cache is refilled and {@value #SETTLED_MS} ms
     * have passed after the heal and after the
     * watched replica (if any) serves reads again, which is what it waits for.
     */
    static final long AFTER_MS = 8000;
    /** How long the load runs past the heal and the rejoin before the after phase may end. */
    static final long SETTLED_MS = 2000;
    static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Bound asserted on rejoin after ready: the probe's 2 s maximum back-off, plus 3 s for a busy 2-core machine. */
    static final long REJOIN_LIMIT_MS = 5000;
    /** How long into the slow-replica fault the read share is first counted: the 5 s allowance is 5000. */
    static final long SLOW_SETTLE_MS = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(FaultMatrixTest.class);
    private final List<Result> results = new ArrayList<>();

    /**
     * Every scenario, or those {@code kompress.reliability.scenarios} names (comma-separated, as in the report's first
     * column), to repeat one while working on it.
     */
    static List<Scenario> scenarios() {
        String only = System.getProperty("kompress.reliability.scenarios", "");
        if (only.isBlank()) {
            return Scenario.all();
        }
        List<String> names = List.of(only.split("\\s*,\\s*"));
        List<Scenario> chosen = Scenario.all().stream().filter(s -> names.contains(s.name())).toList();
        if (chosen.size() != names.size()) {
            throw new IllegalArgumentException("kompress.reliability.scenarios=" + only + " names a scenario that "
                + "does not exist; the scenarios are " + Scenario.all());
        }
        return chosen;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void loadUnderFaultReturnsOnlyCorrectValuesAndRecovers(Scenario scenario) throws Exception {
        Result r = run(scenario);
        results.add(r);
        LOG.info("{}: {}", scenario.name(), r);
        String seen = r + ": "; // the scenario, its figures and the first failure of each kind, for CI's log

        assertEquals(0, r.count(Outcome.WRONG), seen + "wrong values returned");
        assertEquals(0, r.count(Outcome.ERROR), seen + "errors outside the 503/504 taxonomy");
        assertEquals(0, r.count(Outcome.OTHER), seen + "exceptions that are not KompressCacheException");
        assertTrue(r.recoveryMillis() >= 0, seen + "the load never got back to normal");
        if (!scenario.touchesPrimary()) {
            assertEquals(0, r.during().errors() + r.after().errors(),
                seen + "a replica fault must never reach a caller: reads fail over to the primary");
            assertTrue(r.loads() <= r.updates() * 3 / 2 + 200,
                seen + "miss-and-overwrite storm: " + r.loads() + " loads for " + r.updates() + " updates");
        }
        if (scenario.watchedReplica() >= 0) {
            assertTrue(r.readyMillis() >= 0 && r.rejoinMillis() >= 0, seen + "the replica never served reads again");
            assertTrue(r.rejoinMillis() - r.readyMillis() <= REJOIN_LIMIT_MS,
                seen + "replica ready after " + r.readyMillis() + " ms but serving only after " + r.rejoinMillis()
                    + " ms");
        }
        assertEquals(0, r.end().stale(), seen + "entries older than the database after " + Convergence.LIMIT_MS
            + " ms: invalidations did not converge");
        assertTrue(r.end().entries() > FIELDS * 9 / 10, seen + "cache not refilled: " + r.end().entries() + " entries");
        if (scenario.delayedReplica()) {
            assertTrue(r.slowReads().share() <= 0.10, seen + "the slow replica kept " + r.slowReads());
        }
    }

    private Result run(Scenario scenario) throws Exception {
        try (RedisGroup group = RedisGroup.start(2, scenario.replicaArgs());
             DelayProxy proxy = scenario.delayedReplica() ? DelayProxy.to(group.replica(0).port()) : null) {
            Fixture fixture = new Fixture(group, proxy);
            KompressCache cache = KompressCache.create(config(fixture));
            KompressCache.setDefault(cache);
            try {
                return measure(scenario, fixture, cache);
            } finally {
                KompressCache.setDefault(null);
                cache.close();
            }
        }
    }

    private static KompressConfig config(Fixture fixture) {
        RedisGroup group = fixture.group();
        KompressConfig.Builder b = KompressConfig.builder()
            .primary(group.primary().host(), group.primary().port())
            .timeout(TIMEOUT);
        for (int i = 0; i < group.replicas().size(); i++) {
            RedisProcess r = group.replica(i);
            b.replica(r.host(), i == 0 && fixture.proxy() != null ? fixture.proxy().port() : r.port());
        }
        return b.build();
    }

    private Result measure(Scenario scenario, Fixture fixture, KompressCache cache) throws Exception {
        RedisGroup group = fixture.group();
        ProfileService service = new ProfileService();
        for (long id = 0; id < FIELDS; id++) {
            service.find(id);
        }
        group.awaitReplication();
        scenario.prepare().accept(fixture);

        LoadDriver driver = new LoadDriver(service, FIELDS, WRITE_SHARE);
        driver.start(THREADS);
        sleepUntil(driver, BEFORE_MS);
        long injectAt = driver.now();
        long loadsAtFault = service.loads();
        scenario.inject().accept(fixture);
        long faultEnd = injectAt + FAULT_MS * 1_000_000;
        RejoinWatch watch = scenario.heal() == null ? watch(scenario, group, injectAt, driver) : null;
        while (scenario.repeat() != null && driver.now() + Scenario.REPEAT_MILLIS * 1_000_000 < faultEnd) {
            Thread.sleep(Scenario.REPEAT_MILLIS);
            scenario.repeat().accept(fixture);
        }
        long[] slowFrom = null;
        if (scenario.delayedReplica()) { // replica reads from SLOW_SETTLE_MS into the fault to its end
            sleepUntil(driver, injectAt / 1_000_000 + SLOW_SETTLE_MS);
            slowFrom = replicaReads(group);
        }
        sleepUntil(driver, faultEnd / 1_000_000);
        long[] slowTo = slowFrom == null ? null : replicaReads(group);
        long healAt = injectAt;
        if (scenario.heal() != null) {
            healAt = driver.now();
            scenario.heal().accept(fixture);
            watch = watch(scenario, group, healAt, driver);
        }
        long watchFrom = scenario.heal() == null ? injectAt : healAt;
        awaitSettled(driver, group.primary(), healAt, watch, watchFrom, faultEnd + AFTER_MS * 1_000_000);
        long end = driver.now();
        List<Samples> samples = driver.stop();
        if (watch != null) {
            watch.stop();
        }
        Convergence converged = Convergence.await(group.primary(), service);
        long loads = service.loads() - loadsAtFault;
        driver.firstMessages().forEach((o, m) -> LOG.info("{}: first {}: {}", scenario.name(), o, m));

        Phase before = Phase.of(samples, 0, injectAt);
        Phase during = Phase.of(samples, injectAt, faultEnd);
        Phase after = Phase.of(samples, faultEnd, Long.MAX_VALUE);
        long recovery = Recovery.millisAfter(samples, healAt, end, before.p99Micros());
        CacheStats stats = cache.stats();
        return new Result(scenario, before, during, after, loads, during.updates() + after.updates(), recovery,
            watch == null ? -1 : watch.readyMillis(), watch == null ? -1 : watch.rejoinMillis(), converged,
            stats.count(Counter.REFUSED_WRITE_BACKS), stats.count(Counter.DEFERRED_EVICTIONS), slowReads(slowFrom,
                slowTo), Map.copyOf(driver.firstMessages()));
    }

    /** HMGET calls each replica has served so far. */
    private static long[] replicaReads(RedisGroup group) {
        return group.replicas().stream().mapToLong(r -> r.commandCalls("hmget")).toArray();
    }

    /** The slow replica's reads and all replica reads between the two counts, or null. */
    private static Result.SlowReads slowReads(long[] from, long[] to) {
        if (from == null) {
            return null;
        }
        long all = 0;
        for (int i = 0; i < to.length; i++) {
            all += to[i] - from[i];
        }
        return new Result.SlowReads(to[0] - from[0], all);
    }

    private static RejoinWatch watch(Scenario scenario, RedisGroup group, long from, LoadDriver driver) {
        int index = scenario.watchedReplica();
        return index < 0 ? null : RejoinWatch.start(group.replica(index), from, driver);
    }

    /**
     * Waits until the load has run {@link #SETTLED_MS} past the heal and past the watched replica's rejoin (when one is
     * watched), and the primary holds more than 90 % of the fields again (what the run asserts at its end), or until
     * {@code bound}: the after phase lasts as long as recovery takes, not a fixed window.
     */
    private static void awaitSettled(LoadDriver driver, RedisProcess primary, long healAt, RejoinWatch watch,
                                     long watchFrom, long bound) throws InterruptedException {
        long settle = SETTLED_MS * 1_000_000;
        while (driver.now() < bound) {
            long from = healAt;
            if (watch != null) {
                long rejoin = watch.rejoinMillis();
                from = rejoin < 0 ? Long.MAX_VALUE - settle : Math.max(healAt, watchFrom + rejoin * 1_000_000);
            }
            if (driver.now() >= from + settle && refilled(primary)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Whether the primary holds more than 90 % of the fields (value fields, not expiry fields). */
    private static boolean refilled(RedisProcess primary) {
        try (Jedis j = primary.connect()) {
            return j.hkeys(ProfileService.KEY).stream().filter(f -> !f.startsWith(Convergence.EXPIRY_PREFIX)).count()
                > FIELDS * 9 / 10;
        } catch (RuntimeException notAnswering) {
            return false; // a primary still coming back is not refilled
        }
    }

    private static void sleepUntil(LoadDriver driver, long millis) throws InterruptedException {
        long remaining = millis - driver.now() / 1_000_000;
        if (remaining > 0) {
            Thread.sleep(remaining);
        }
    }

    @AfterAll
    void writeReport() throws Exception {
        if (results.isEmpty()) {
            return;
        }
        String setup = String.format("""
            Set-up: one primary and two replicas (`%s`), all on 127.0.0.1, fresh for each scenario; a woven \
            `@HashCached` method (throwing policy) warmed over %d fields of a seven-field model with a nested \
            record and a version; %d threads calling it for up to %d s: %.0f%% reads, each checked against the version \
            it returned, %.0f%% updates (a new version in the in-memory database, then a `@HashEvict` on the \
            primary, so misses, loads, write-backs and their races go on throughout). The \
            fault starts after %d s and lasts %d s; observation follows until the load has run %d s past the heal and \
            past the watched replica's return to serving reads (at most %d s). `REDIS_TIMEOUT` = %d ms, other \
            settings default (pool 16, health probe back-off 100 ms to 2 s). Machine: %d CPUs, Java %s.
            """, RedisBinary.description(), FIELDS, THREADS, (BEFORE_MS + FAULT_MS + AFTER_MS) / 1000,
            100 * (1 - WRITE_SHARE), 100 * WRITE_SHARE, BEFORE_MS / 1000, FAULT_MS / 1000, SETTLED_MS / 1000,
            AFTER_MS / 1000, TIMEOUT.toMillis(), Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"));
        String md = Report.markdown(results, setup);
        List<Path> targets = new ArrayList<>(List.of(Path.of("target", "RELIABILITY.md")));
        String extra = System.getProperty("kompress.reliability.report", "");
        if (!extra.isBlank() && results.size() == Scenario.all().size()) {
            targets.add(Path.of(extra));
        }
        Report.write(md, targets.toArray(Path[]::new));
        LOG.info("Fault matrix written to {}", targets);
    }
}
