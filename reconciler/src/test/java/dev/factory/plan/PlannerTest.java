package dev.factory.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Desired;
import dev.factory.config.HostSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Desired DESIRED = new Desired(Path.of("/config"), null, HostSpec.defaults(), Map.of());

    /** A kind that plans one change per name, records what it saw, and may wait before answering. */
    private static class Fake implements ResourceKind {
        final String kind;
        final Set<String> after;
        final List<String> names;
        volatile Map<Address, Change> saw;
        Runnable before = () -> {};
        Runnable then = () -> {};

        Fake(String kind, Set<String> after, String... names) {
            this.kind = kind;
            this.after = after;
            this.names = List.of(names);
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public Set<String> plannedAfter() {
            return after;
        }

        @Override
        public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
            before.run();
            saw = earlier;
            var changes = new ArrayList<Change>();
            for (String name : names) changes.add(new Change(Address.of(kind, name), Action.NO_OP, "", null, null, List.of()));
            var part = new KindPlan(changes, List.of(), Map.of(kind + "/" + names.size(), "seen"));
            then.run();
            return part;
        }

        @Override
        public void apply(Change change, Desired desired) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<String> addresses(Map<Address, Change> changes) {
        return changes.keySet().stream().map(Address::toString).toList();
    }

    @Test
    void eachKindSeesTheChangesOfTheKindsItReadsDirectlyOrThroughThemAndNoOthers() {
        var volume = new Fake("volume", Set.of(), "v");
        var repo = new Fake("repo", Set.of(), "r");
        var image = new Fake("image", Set.of(), "i1", "i2");
        var container = new Fake("container", Set.of("image"), "c");
        var network = new Fake("network", Set.of("container"), "n");
        var prune = new Fake("prune", Set.of("repo", "container"), "p");
        Planner.plan(DESIRED, List.of(volume, repo, image, container, network, prune), List.of());
        assertEquals(List.of(), addresses(volume.saw));
        assertEquals(List.of("image/i1", "image/i2"), addresses(container.saw));
        assertEquals(List.of("image/i1", "image/i2", "container/c"), addresses(network.saw), "image through container");
        assertEquals(List.of("repo/r", "image/i1", "image/i2", "container/c"), addresses(prune.saw), "in registration order");
    }

    @Test
    void aKindStartsOnceItsOwnReadsArePlannedNotAfterEveryEarlierKind() {
        var containerPlanned = new CountDownLatch(1);
        var repo = new Fake("repo", Set.of(), "r");
        // the clones are slow: they answer only once the containers are planned (or fail after a while)
        repo.before = () -> {
            try {
                if (!containerPlanned.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("container waited for repo");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        var image = new Fake("image", Set.of(), "i");
        var container = new Fake("container", Set.of("image"), "c");
        container.then = containerPlanned::countDown;
        var plan = Planner.plan(DESIRED, List.of(repo, image, container), List.of());
        assertEquals(List.of("repo/r", "image/i", "container/c"), plan.changes().stream().map(c -> c.address().toString()).toList(),
                "changes in registration order, whatever order the kinds finished in");
    }

    @Test
    void kindsThatReadEachOtherStartInRegistrationOrder() {
        var a = new Fake("a", Set.of("b"), "1");
        var b = new Fake("b", Set.of("a"), "2");
        var plan = Planner.plan(DESIRED, List.of(a, b), List.of());
        assertEquals(List.of(), addresses(a.saw));
        assertEquals(List.of("a/1"), addresses(b.saw));
        assertEquals(2, plan.changes().size());
    }

    @Test
    void aReadKindThatIsNotInThePlanDoesNotHoldTheReaderBack() {
        var container = new Fake("container", Set.of("image", "container"), "c");
        var plan = Planner.plan(DESIRED, List.of(container), List.of());
        assertEquals(List.of(), addresses(container.saw));
        assertEquals(Map.of("container/1", "seen"), plan.observed());
    }

    @Test
    void aKindsFailureIsThePlansFailure() {
        var boom = new IllegalStateException("engine gone");
        var bad = new Fake("image", Set.of(), "i");
        bad.before = () -> {
            throw boom;
        };
        var after = new Fake("container", Set.of("image"), "c");
        var thrown = assertThrows(IllegalStateException.class, () -> Planner.plan(DESIRED, List.of(bad, after), List.of()));
        assertSame(boom, thrown);
        assertEquals(null, after.saw, "nothing planned on a failed kind's changes");
    }

    @Test
    void foreignObjectsOfEveryKindAreListedByAddressThenId() {
        var image = new Fake("image", Set.of(), "i") {
            @Override
            public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
                return new KindPlan(List.of(), List.of(), Map.of(), List.of(new Foreign(Address.of("image", "z"), "2", "l", "o"),
                        new Foreign(Address.of("image", "a"), "9", "l", "o")));
            }
        };
        var container = new Fake("container", Set.of(), "c") {
            @Override
            public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
                return new KindPlan(List.of(), List.of(), Map.of(), List.of(new Foreign(Address.of("container", "b"), "7", "l", "o"),
                        new Foreign(Address.of("container", "b"), "3", "l", "o")));
            }
        };
        var plan = Planner.plan(DESIRED, List.of(image, container), List.of());
        assertEquals(List.of("container/b 3", "container/b 7", "image/a 9", "image/z 2"),
                plan.foreign().stream().map(f -> f.address() + " " + f.id()).toList());
    }

    @Test
    void everyKindIsPlannedOnceAndThePlanCarriesItsDiagnosticsAndObservations() {
        var planned = ConcurrentHashMap.<String>newKeySet();
        var kinds = new ArrayList<ResourceKind>();
        for (int i = 0; i < 9; i++) {
            var k = new Fake("k" + i, i == 0 ? Set.of() : Set.of("k" + (i / 2)), "x");
            k.before = () -> assertTrue(planned.add(k.kind), k.kind + " planned twice");
            kinds.add(k);
        }
        var config = List.of(dev.factory.config.Diagnostic.warning(null, "", "from the config"));
        var plan = Planner.plan(DESIRED, kinds, config);
        assertEquals(9, planned.size());
        assertEquals(9, plan.observed().size());
        assertEquals(config, plan.diagnostics());
        assertEquals("/config", plan.configDir());
    }
}
