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
 * fetched, nothing is applied), every file the kinds render (for the file kind), and whether
 * what a kind may reuse from a recent observation (a repo's fetch) is to be observed afresh.
 */
public record KindContext(Ports ports, Owner owner, Inventory inventory, StateDir stateDir, Consumer<String> progress, boolean review,
                          Function<Desired, List<RenderedFile>> renderedFiles, boolean refresh) {

    public <T> T port(Class<T> type) {
        return ports.get(type);
    }
}
