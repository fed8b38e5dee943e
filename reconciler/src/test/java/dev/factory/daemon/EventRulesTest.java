package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.factory.engine.port.EngineEvent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventRulesTest {
    static final Set<String> DECLARED = Set.of("container/web", "network/agents", "volume/cache", "image/base", "file/notes");

    private static EngineEvent container(String action, Map<String, String> labels) {
        return new EngineEvent("container", action, "c0ffee", labels, 1_700_000_000_000_000_000L);
    }

    private static final Map<String, String> WEB = Map.of("dev.factory.managed", "true", "dev.factory.address", "container/web", "name", "web");

    @Test
    void aManagedContainerDyingDestroyedOrRenamedIsDirty() {
        for (String action : new String[] {"die", "destroy", "rename"}) assertEquals(Optional.of("container/web"), EventRules.dirty(container(action, WEB), DECLARED, null), action);
    }

    @Test
    void otherContainerActionsAreNot() {
        for (String action : new String[] {"start", "create", "exec_start", "kill", "stop"}) {
            assertEquals(Optional.empty(), EventRules.dirty(container(action, WEB), DECLARED, null), action);
        }
    }

    @Test
    void containersTheConfigDoesNotDeclareAreNotDrift() {
        var job = Map.of("dev.factory.managed", "true", "dev.factory.address", "job/tick");
        assertEquals(Optional.empty(), EventRules.dirty(container("die", job), DECLARED, null), "a job's container exits on its own");
        var unmanaged = Map.of("dev.factory.address", "container/web");
        assertEquals(Optional.empty(), EventRules.dirty(container("destroy", unmanaged), DECLARED, null), "not managed");
        assertEquals(Optional.empty(), EventRules.dirty(container("destroy", Map.of("dev.factory.managed", "false", "dev.factory.address", "container/web")), DECLARED, null));
        assertEquals(Optional.empty(), EventRules.dirty(container("destroy", Map.of()), DECLARED, null));
        var fromOurImage = Map.of("dev.factory.managed", "true", "dev.factory.address", "image/base");
        assertEquals(Optional.empty(), EventRules.dirty(container("die", fromOurImage), DECLARED, null),
                "a container run from a factory-built image inherits its labels: not the image's drift");
    }

    @Test
    void networksAndVolumesByName() {
        assertEquals(Optional.of("network/agents"), EventRules.dirty(new EngineEvent("network", "destroy", "n1", Map.of("name", "agents"), 0), DECLARED, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("network", "destroy", "n2", Map.of("name", "bridge2"), 0), DECLARED, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("network", "connect", "n1", Map.of("name", "agents"), 0), DECLARED, null));
        assertEquals(Optional.of("volume/cache"), EventRules.dirty(new EngineEvent("volume", "destroy", "cache", Map.of("driver", "local"), 0), DECLARED, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("volume", "destroy", "other", Map.of(), 0), DECLARED, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("volume", "mount", "cache", Map.of(), 0), DECLARED, null));
    }

    @Test
    void anImageDeletedReplansEveryImageWhenTheConfigDeclaresAny() {
        var delete = new EngineEvent("image", "delete", "sha256:abc", Map.of("name", "sha256:abc"), 0);
        assertEquals(Optional.of("image/*"), EventRules.dirty(delete, DECLARED, null));
        assertEquals(Optional.empty(), EventRules.dirty(delete, Set.of("container/web"), null), "no image declared");
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("image", "tag", "sha256:abc", Map.of(), 0), DECLARED, null));
    }

    @Test
    void anEgressProfilesProxyGateNetworkOrVolumeGoingAwayMakesItsEgressDirty() {
        var declared = java.util.Set.of("egress/lane", "container/web");
        var proxy = Map.of("dev.factory.managed", "true", "dev.factory.address", "egress/lane", "dev.factory.lineage", "L1");
        assertEquals(Optional.of("egress/lane"), EventRules.dirty(new EngineEvent("container", "die", "p1", proxy, 0), declared, "L1"));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("container", "start", "p1", proxy, 0), declared, "L1"));
        var theirs = Map.of("dev.factory.managed", "true", "dev.factory.address", "egress/lane", "dev.factory.lineage", "L2");
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("container", "die", "p1", theirs, 0), Set.of(), "L1"), "another lineage's");
        assertEquals(Optional.of("egress/lane"), EventRules.dirty(new EngineEvent("network", "destroy", "n", Map.of("name", "factory-egress-lane"), 0), declared, null));
        assertEquals(Optional.of("egress/lane"), EventRules.dirty(new EngineEvent("volume", "destroy", "factory-egress-lane", Map.of(), 0), declared, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("network", "destroy", "n", Map.of("name", "factory-egress-ci"), 0), declared, null),
                "a profile whose egress is not declared");
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("network", "create", "n", Map.of("name", "factory-egress-lane"), 0), declared, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("network", "destroy", "n", Map.of(), 0), declared, null), "no name");
    }

    @Test
    void unknownTypesAreIgnored() {
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("plugin", "destroy", "x", WEB, 0), DECLARED, null));
    }

    @Test
    void aContainerOfThisLineageCountsBeforeTheFirstReconcileRecordedWhatItDeclared() {
        var ours = Map.of("dev.factory.managed", "true", "dev.factory.address", "container/web", "dev.factory.lineage", "L1");
        assertEquals(Optional.of("container/web"), EventRules.dirty(container("destroy", ours), Set.of(), "L1"));
        assertEquals(Optional.empty(), EventRules.dirty(container("destroy", ours), Set.of(), "L2"), "another lineage's");
        assertEquals(Optional.empty(), EventRules.dirty(container("destroy", ours), Set.of(), null), "no lineage yet, nothing declared");
        var job = Map.of("dev.factory.managed", "true", "dev.factory.address", "job/tick", "dev.factory.lineage", "L1");
        assertEquals(Optional.empty(), EventRules.dirty(container("die", job), Set.of(), "L1"), "a job's container is not a service's");
        var ourImage = Map.of("dev.factory.managed", "true", "dev.factory.address", "image/base", "dev.factory.lineage", "L1");
        assertEquals(Optional.empty(), EventRules.dirty(container("die", ourImage), DECLARED, "L1"));
    }

    @Test
    void onASwarmADeclaredServiceOrJobChangedOrRemovedIsDirtyAndNodesAreReplanned() {
        var declared = Set.of("service/web", "job/nightly", "node/worker");
        for (String action : new String[] {"update", "remove"}) {
            assertEquals(Optional.of("service/web"), EventRules.dirty(new EngineEvent("service", action, "s1", Map.of("name", "web"), 1L), declared, null));
            assertEquals(Optional.of("job/nightly"), EventRules.dirty(new EngineEvent("service", action, "s2", Map.of("name", "job-nightly"), 1L), declared, null));
            assertEquals(Optional.of("node/*"), EventRules.dirty(new EngineEvent("node", action, "n1", Map.of("name", "w1"), 1L), declared, null));
        }
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("service", "create", "s1", Map.of("name", "web"), 1L), declared, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("service", "remove", "s3", Map.of("name", "someone-elses"), 1L), declared, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("service", "remove", "s4", Map.of("name", "job-other"), 1L), declared, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("service", "remove", "s5", Map.of(), 1L), declared, null));
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("node", "update", "n1", Map.of(), 1L), Set.of("service/web"), null),
                "no node declared: a node's change is nobody's drift");
        assertEquals(Optional.empty(), EventRules.dirty(new EngineEvent("node", "create", "n1", Map.of(), 1L), declared, null));
        assertEquals(Optional.empty(), EventRules.dirty(container("update", WEB), DECLARED, null), "a container's update is no drift");
    }
}
