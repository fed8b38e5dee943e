package dev.factory.engine;

import dev.factory.config.Desired;
import dev.factory.plan.Owner;
import dev.factory.state.Inventory;
import dev.factory.state.StateDir;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a kind is built with: the ports, who it acts as, the inventory and state dir, where
 * progress lines go, whether the config is under review (a pull request's: nothing it names is
 * fetched, nothing is applied), and every file the kinds render (for the file kind).
 */
public record KindContext(Ports ports, Owner owner, Inventory inventory, StateDir stateDir, Consumer<String> progress, boolean review,
                          Function<Desired, List<RenderedFile>> renderedFiles) {

    public <T> T port(Class<T> type) {
        return ports.get(type);
    }
}
