package dev.factory.apply;

import static dev.factory.testing.Plans.change;
import static dev.factory.testing.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.apply.ApplyResult.Status;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.state.Journal;
import dev.factory.state.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplierTest {
    @TempDir
    Path tmp;

    private ApplyResult run(dev.factory.plan.Plan plan, int parallelism, ChangeExecutor executor) throws Exception {
        try (Journal journal = Journal.open(new StateDir(tmp), "test")) {
            return new Applier(ApplyOptions.defaults().withParallelism(parallelism), journal, line -> {}).apply(plan, executor);
        }
    }

    private static Map<Address, Status> statuses(ApplyResult result) {
        var map = new java.util.HashMap<Address, Status>();
        result.outcomes().forEach(o -> map.put(o.address(), o.status()));
        return map;
    }

    @Test
    void dependenciesRunFirstAndNoOpsAreNotRun() throws Exception {
        var order = new CopyOnWriteArrayList<String>();
        var plan = plan(change("image/leaf", Action.CREATE, "image/mid"), change("image/mid", Action.REPLACE, "image/base"),
                change("image/base", Action.NO_OP), change("image/other", Action.CREATE));

        var result = run(plan, 4, c -> order.add(c.address().name()));

        assertEquals(3, result.count(Status.APPLIED));
        assertTrue(order.indexOf("mid") < order.indexOf("leaf"), order.toString());
        assertTrue(!order.contains("base"));
    }

    @Test
    void aFailureSkipsOnlyItsDependents() throws Exception {
        var plan = plan(change("image/a", Action.CREATE), change("image/b", Action.CREATE, "image/a"),
                change("image/c", Action.CREATE, "image/b"), change("image/d", Action.CREATE));

        var result = run(plan, 2, c -> {
            if (c.address().name().equals("a")) throw new IllegalStateException("image/a build failed: boom");
        });

        var s = statuses(result);
        assertEquals(Status.FAILED, s.get(Address.parse("image/a")));
        assertEquals(Status.SKIPPED, s.get(Address.parse("image/b")));
        assertEquals(Status.SKIPPED, s.get(Address.parse("image/c")));
        assertEquals(Status.APPLIED, s.get(Address.parse("image/d")));
        String journal = Files.readString(tmp.resolve("journal.jsonl"));
        assertTrue(journal.contains("\"outcome\":\"failed\"") && journal.contains("boom"), journal);
        assertTrue(journal.contains("\"address\":\"image/c\"") && journal.contains("\"outcome\":\"skipped\""), journal);
    }

    @Test
    void aChangeDependingOnAnUnknownIsSkipped() throws Exception {
        var plan = plan(change("image/a", Action.UNKNOWN), change("image/b", Action.CREATE, "image/a"));
        var ran = new AtomicInteger();

        var result = run(plan, 1, c -> ran.incrementAndGet());

        assertEquals(0, ran.get());
        assertEquals(Status.SKIPPED, result.outcomes().get(0).status());
    }

    @Test
    void independentChangesRunInParallel() throws Exception {
        var bothStarted = new CountDownLatch(2);
        var plan = plan(change("image/a", Action.CREATE), change("image/b", Action.CREATE));

        var result = run(plan, 2, c -> {
            bothStarted.countDown();
            if (!bothStarted.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("ran one at a time");
        });

        assertEquals(2, result.count(Status.APPLIED));
    }

    @Test
    void parallelismIsABound() throws Exception {
        var running = new AtomicInteger();
        var peak = new AtomicInteger();
        var changes = new java.util.ArrayList<dev.factory.plan.Change>();
        for (int i = 0; i < 8; i++) changes.add(change("image/i" + i, Action.CREATE));

        run(plan(changes, Map.of()), 3, c -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(20);
            running.decrementAndGet();
        });

        assertTrue(peak.get() <= 3 && peak.get() >= 2, "peak " + peak.get());
    }

    @Test
    void deletesWaitForTheDeletesThatDependOnThem() throws Exception {
        var done = new ConcurrentHashMap<String, Boolean>();
        var plan = plan(change("image/mid", Action.DELETE, "image/leaf"), change("image/leaf", Action.DELETE));

        var result = run(plan, 4, c -> {
            if (c.address().name().equals("mid") && !done.containsKey("leaf")) throw new IllegalStateException("parent first");
            done.put(c.address().name(), true);
        });

        assertEquals(List.of(Status.APPLIED, Status.APPLIED), result.outcomes().stream().map(ApplyResult.Outcome::status).toList());
    }

    @Test
    void aLongChangeSaysItIsStillRunningWithItsElapsedTime() throws Exception {
        var lines = new CopyOnWriteArrayList<String>();
        var plan = plan(change("image/slow", Action.CREATE));
        try (Journal journal = Journal.open(new StateDir(tmp), "test")) {
            var options = ApplyOptions.defaults().withHeartbeat(java.time.Duration.ofMillis(100));
            new Applier(options, journal, lines::add).apply(plan, c -> Thread.sleep(450));
        }
        var beats = lines.stream().filter(l -> l.startsWith("+ image/slow: create still running after ")).toList();
        assertTrue(beats.size() >= 2 && beats.size() <= 5, lines.toString());
        assertTrue(beats.get(0).matches("\\+ image/slow: create still running after 0\\.[0-9]s"), beats.get(0));
        int before = lines.size();
        Thread.sleep(300);
        assertEquals(before, lines.size(), "no heartbeat once the change is done: " + lines);
    }
}
