package dev.factory.kinds.egress;

import dev.factory.config.Desired;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.EngineContainer;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.plan.Owner;
import dev.factory.plan.Ownership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads each egress profile's access log from inside its own proxy container (the log lives in the volume it shares with its gate). */
@dev.factory.engine.KindApi
public final class EgressLogs {
    /** The newest part of the log read: enough for a night of an agent's requests, bounded for a chatty one. */
    static final int TAIL_BYTES = 4 << 20;

    private EgressLogs() {}

    public static List<EgressAudit.Profile> audit(Desired desired, ContainerEngine containers, Owner owner) {
        var out = new ArrayList<EgressAudit.Profile>();
        var profiles = EgressKind.enforced(desired);
        List<EngineContainer> listed = profiles.isEmpty() ? List.of() : containers.listContainers();
        for (ProfileSpec p : profiles.values()) {
            var layout = p.egress().layout();
            String address = dev.factory.plan.Address.of(EgressKind.KIND, p.name()).toString();
            EngineContainer proxy = listed.stream()
                    .filter(c -> c.name().equals(layout.proxyContainer()) && c.ownedBy(owner) && address.equals(c.label(Ownership.ADDRESS)))
                    .findFirst().orElse(null);
            if (proxy == null || !proxy.isUp()) {
                out.add(EgressAudit.unreadable(p.name(), p.egress(), "its proxy is not running (factory apply sets it up)"));
                continue;
            }
            var read = containers.exec(proxy.id(), List.of("tail", "-c", String.valueOf(TAIL_BYTES), SquidConfig.LOG), Duration.ofSeconds(20));
            if (read.exitCode() != 0) {
                out.add(read.output().contains("No such file") ? EgressAudit.summarise(p.name(), p.egress(), "")
                        : EgressAudit.unreadable(p.name(), p.egress(), "its access log could not be read (exit " + read.exitCode() + ")"));
                continue;
            }
            out.add(EgressAudit.summarise(p.name(), p.egress(), read.output()));
        }
        return out;
    }
}
