package dev.factory.kinds.runner;

import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.config.HostPaths;
import dev.factory.github.GitHubClient;
import dev.factory.github.GitHubException;
import dev.factory.github.GitHubToken;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.ResourceKind;
import dev.factory.state.Inventory;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Self-hosted runners: per slot, its GitHub registration and its systemd unit. Registers missing
 * service runners, replaces ones whose labels differ or that stay offline, starts stopped units,
 * and deletes slots no longer declared. Never a runner it did not name, never a busy one.
 */
public final class RunnerKind implements ResourceKind {
    public static final String KIND = "runner";
    private static final Set<String> DEFAULT_LABELS = Set.of("self-hosted", "linux", "x64", "arm64");

    private final Map<String, String> env;
    private final Systemd systemd;
    private final RunnerContainers containers;
    private final dev.factory.plan.Owner owner;
    private final Inventory inventory;
    private final Consumer<String> progress;

    public RunnerKind(Map<String, String> env, Systemd systemd, ContainerEngine containers, ImageEngine images, dev.factory.plan.Owner owner,
                      Inventory inventory, Consumer<String> progress) {
        this.env = env;
        this.systemd = systemd;
        this.containers = new RunnerContainers(containers, images, owner);
        this.owner = owner;
        this.inventory = inventory;
        this.progress = progress;
    }

    @Override
    public String kind() {
        return KIND;
    }

    static Optional<GitHubToken> token(Desired desired, Map<String, String> env) {
        String file = desired.host().githubTokenFile();
        return GitHubToken.find(env, file == null ? null : HostPaths.resolve(file, desired.host(), desired.configDir()));
    }

    static GitHubClient client(GitHubToken token, Map<String, String> env, Consumer<String> log) {
        return new GitHubClient(GitHubClient.baseUrl(env), token, GitHubClient.Options.defaults(), log);
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var observed = new TreeMap<String, String>();
        var slots = new LinkedHashMap<String, RunnerSpec>();
        desired.runners().values().forEach(r -> r.slots(owner.name()).forEach(s -> slots.put(s, r)));
        var known = new TreeMap<String, Inventory.Entry>();
        inventory.all().forEach((a, e) -> {
            if (KIND.equals(e.kind())) known.put(Address.parse(a).name(), e);
        });
        if (slots.isEmpty() && known.isEmpty()) return new KindPlan(changes, diagnostics, observed);

        var token = token(desired, env);
        if (token.isEmpty()) {
            String why = "no GitHub token: set GH_TOKEN, host.github.tokenFile, or sign in with gh";
            slots.keySet().forEach(s -> changes.add(new Change(Address.of(KIND, s), Action.UNKNOWN, why, null, null, List.of())));
            diagnostics.add(Diagnostic.warning(null, "runners", "runner changes are unknown: " + why));
            return new KindPlan(changes, diagnostics, observed);
        }
        var client = client(token.get(), env, progress);
        var scopes = new LinkedHashMap<String, GitHubClient.Scope>();
        slots.values().forEach(r -> scopes.put(r.scope().toString(), r.scope()));
        known.values().forEach(e -> {
            if (e.hash() != null) scopes.put(e.hash(), scope(e.hash()));
        });
        var listed = new HashMap<String, GitHubClient.Runner>();
        var failed = new HashMap<String, String>();
        for (var scope : scopes.values()) {
            try {
                client.listRunners(scope).forEach(r -> listed.put(scope + "|" + r.name(), r));
            } catch (GitHubException e) {
                failed.put(scope.toString(), e.getMessage());
            }
        }
        for (var e : slots.entrySet()) {
            String slot = e.getKey();
            RunnerSpec spec = e.getValue();
            var dependsOn = new ArrayList<>(List.of(Address.of("file", "systemd/" + RunnerUnit.TEMPLATE)));
            String image = desired.profiles().get(spec.profile()).image();
            if (desired.images().containsKey(image)) dependsOn.add(Address.of("image", image));
            Address address = Address.of(KIND, slot);
            if (failed.containsKey(spec.scope().toString())) {
                changes.add(new Change(address, Action.UNKNOWN, failed.get(spec.scope().toString()), null, null, dependsOn));
                continue;
            }
            var state = systemd.state(RunnerSpec.unit(slot));
            if (state == Systemd.State.UNAVAILABLE) {
                changes.add(new Change(address, Action.UNKNOWN, "systemd is not running on this host; runner units cannot be managed", null, null, dependsOn));
                continue;
            }
            var runner = listed.get(spec.scope() + "|" + slot);
            observed.put(address.toString(), (runner == null ? "absent" : runner.id() + ":" + runner.status() + ":" + runner.busy()) + ":" + state);
            changes.add(planSlot(slot, spec, runner, state == Systemd.State.ACTIVE, known.get(slot), dependsOn, diagnostics));
        }
        for (var e : known.entrySet()) {
            if (slots.containsKey(e.getKey())) continue;
            var runner = listed.get(e.getValue().hash() + "|" + e.getKey());
            Address address = Address.of(KIND, e.getKey());
            if (runner != null && runner.busy()) {
                changes.add(new Change(address, Action.NO_OP, "no longer declared, but busy with a job: deleting it is deferred", before(runner), null, List.of()));
            } else {
                changes.add(new Change(address, Action.DELETE, "no longer declared", runner == null ? Map.of("scope", e.getValue().hash()) : before(runner), null, List.of()));
            }
        }
        return new KindPlan(changes, diagnostics, observed);
    }

    private Change planSlot(String slot, RunnerSpec spec, GitHubClient.Runner runner, boolean active, Inventory.Entry record,
                            List<Address> dependsOn, List<Diagnostic> diagnostics) {
        Address address = Address.of(KIND, slot);
        Map<String, Object> after = Map.of("scope", spec.scope().toString(), "labels", spec.labels(), "mode", spec.mode().name().toLowerCase(Locale.ROOT));
        Map<String, Object> before = runner == null ? null : before(runner);
        if (runner != null && !custom(runner.labels()).equals(custom(spec.labels()))) {
            if (runner.busy()) {
                diagnostics.add(Diagnostic.warning(null, "runners." + spec.name(), address + ": labels differ but it is busy; the change waits for the job to end"));
                return new Change(address, Action.NO_OP, "labels differ, busy with a job: deferred", before, after, dependsOn);
            }
            return new Change(address, Action.REPLACE, "labels differ: has " + runner.labels() + ", wants " + spec.labels(), before, after, dependsOn);
        }
        if (spec.mode() == RunnerSpec.Mode.SERVICE) {
            if (runner == null) return new Change(address, Action.CREATE, active ? "unit runs but GitHub has no such runner: register it" : "register and start", before, after, dependsOn);
            if (!active) return new Change(address, Action.UPDATE, "registered, but its unit is not running: start it", before, after, dependsOn);
            boolean stale = "offline".equals(runner.status()) && record != null && record.updatedAt() != null
                    && record.updatedAt().isBefore(Instant.now().minus(spec.offlineAfter().duration()));
            if (stale) return new Change(address, Action.REPLACE, "offline although its unit runs, registered more than " + spec.offlineAfter() + " ago: re-register", before, after, dependsOn);
            return new Change(address, Action.NO_OP, runner.status() + (runner.busy() ? ", busy" : ", idle"), before, after, dependsOn);
        }
        if (!active) return new Change(address, record == null ? Action.CREATE : Action.UPDATE, "install and start the slot's unit", before, after, dependsOn);
        return new Change(address, Action.NO_OP, runner == null ? "idle: the slot makes a JIT runner for the next job" : runner.status() + (runner.busy() ? ", busy" : ""), before, after, dependsOn);
    }

    private static Set<String> custom(List<String> labels) {
        var out = new java.util.TreeSet<String>();
        labels.forEach(l -> {
            if (!DEFAULT_LABELS.contains(l.toLowerCase(Locale.ROOT))) out.add(l.toLowerCase(Locale.ROOT));
        });
        return out;
    }

    private static Map<String, Object> before(GitHubClient.Runner r) {
        return Map.of("id", r.id(), "status", r.status(), "busy", r.busy(), "labels", r.labels());
    }

    static GitHubClient.Scope scope(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? new GitHubClient.Scope(text, null) : new GitHubClient.Scope(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public void apply(Change change, Desired desired) throws Exception {
        String slot = change.address().name();
        String unit = RunnerSpec.unit(slot);
        var client = client(token(desired, env).orElseThrow(() -> new IOException("no GitHub token any more")), env, progress);
        if (change.action() == Action.DELETE) {
            systemd.disableNow(unit);
            var record = inventory.get(change.address().toString()).orElse(null);
            var scope = scope(record != null ? record.hash() : (String) change.before().get("scope"));
            deleteIdle(client, scope, slot);
            inventory.remove(change.address().toString());
            return;
        }
        RunnerSpec spec = desired.runners().values().stream().filter(r -> r.slots(owner.name()).contains(slot)).findFirst()
                .orElseThrow(() -> new IOException(change.address() + " is no longer declared"));
        boolean reregister = spec.mode() == RunnerSpec.Mode.SERVICE && change.action() != Action.UPDATE;
        if (change.action() == Action.REPLACE) {
            systemd.disableNow(unit);
            deleteIdle(client, spec.scope(), slot);
        }
        if (reregister) register(client, spec, slot, desired);
        systemd.daemonReload();
        systemd.enableNow(unit);
        inventory.put(change.address().toString(), new Inventory.Entry(KIND, slot, spec.scope().toString(), Instant.now(), null));
    }

    private static void deleteIdle(GitHubClient client, GitHubClient.Scope scope, String slot) throws GitHubException, IOException {
        for (var r : client.listRunners(scope)) {
            if (!r.name().equals(slot)) continue;
            if (r.busy()) throw new IOException("runner " + slot + " became busy; not deleting it");
            client.deleteRunner(scope, r.id());
        }
    }

    /** config.sh in a one-shot container with a fresh registration token; the token lives only in that container's env. */
    private void register(GitHubClient client, RunnerSpec spec, String slot, Desired desired) throws Exception {
        var token = client.registrationToken(spec.scope());
        var envs = new LinkedHashMap<String, String>();
        envs.put("RUNNER_URL", webUrl(env) + "/" + spec.scope());
        envs.put("RUNNER_TOKEN", token.token());
        envs.put("RUNNER_NAME", slot);
        envs.put("RUNNER_LABELS", String.join(",", spec.labels()));
        envs.put("RUNNER_GROUP", String.valueOf(spec.group()));
        var tail = new ArrayDeque<String>();
        int code = containers.runOnce(desired, spec, slot, "factory-runner-configure-" + slot, List.of("factory-runner", "configure"), envs, tail, line -> {});
        if (code != 0) throw new IOException("runner " + slot + ": configure exited with " + code + ": " + String.join(" | ", tail));
    }

    /** The web URL config.sh wants: GITHUB_SERVER_URL, else derived from the API URL. */
    static String webUrl(Map<String, String> env) {
        String server = env.get("GITHUB_SERVER_URL");
        if (server != null && !server.isBlank()) return server.replaceAll("/+$", "");
        String api = GitHubClient.baseUrl(env).toString().replaceAll("/+$", "");
        if (api.equals("https://api.github.com")) return "https://github.com";
        return api.replaceAll("/api/v3$", "");
    }

}
