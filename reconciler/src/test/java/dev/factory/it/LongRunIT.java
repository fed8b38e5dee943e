package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.GitCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 apply cycles, each after a random edit of the config (services added, removed and
 * changed, files added, removed and rewritten, an image context edited, prune rules), while
 * things factory does not own sit beside what it does: a container with a similar name, an
 * unlabelled image, files next to rendered ones and under the prune rule's root, and a clone
 * with uncommitted and untracked work. Every apply succeeds; none of the unmanaged things changes
 * (same ids, same start times, same bytes, same git status); after the last cycle the plan is
 * all no-op.
 */
@RequiresDocker
class LongRunIT {
    static final int CYCLES = 100;
    static final long SEED = Long.getLong("longrun.seed", 100L);

    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private Path rendered;
    private Path clone;
    private String unmanagedContainer;
    private String unmanagedImage;

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = Files.createDirectories(tmp.resolve("config"));
        rendered = Files.createDirectories(tmp.resolve("home/rendered"));
        TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        TestImages.fileContext(config.resolve("app"), "app.txt", "app 0\n");
        var bare = GitCli.bareWithCommit(tmp, "work", "README.md", "hello\n");
        clone = tmp.resolve("clones/work");
        GitCli.git(tmp, "clone", bare.toString(), clone.toString());
        Files.writeString(clone.resolve("README.md"), "an agent's uncommitted edit\n");
        Files.writeString(clone.resolve("notes.txt"), "an agent's untracked file\n");

        Path ctx = TestImages.busyboxContext(tmp.resolve("unmanaged-ctx"), "u.txt", "unmanaged\n");
        unmanagedImage = p + "-unmanaged:1";
        DockerCli.ok("build", "-q", "-t", unmanagedImage, "--build-arg", "BASE_IMAGE=scratch", ctx.toString());
        unmanagedContainer = p + "-a-1-mine";   // one character away from a declared service's container
        DockerCli.ok("run", "-d", "--name", unmanagedContainer, "--network", "none", unmanagedImage, "/bin/busybox", "sleep", "3600");
        Files.writeString(rendered.resolve("mine.txt"), "written by a person\n");
        Files.createDirectories(tmp.resolve("home/junk"));
        Files.writeString(tmp.resolve("home/junk/keep.txt"), "does not match the prune glob\n");
    }

    @AfterEach
    void tearDown() {
        DockerCli.run("rm", "-f", unmanagedContainer);
        DockerCli.run("rmi", "-f", unmanagedImage);
        DockerCli.removeEverythingOwned(p);
    }

    private record Desired(TreeMap<String, String> services, TreeMap<String, String> files, int appVersion, boolean prune) {}

    private void write(Desired d) throws IOException {
        TestImages.fileContext(config.resolve("app"), "app.txt", "app " + d.appVersion + "\n");
        var y = new StringBuilder("host:\n  name: " + p + "\n  stateDir: ../state\n  home: " + tmp.resolve("home") + "\n"
                + "  disk: {path: " + tmp + ", alertAtPercent: 100}\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n  " + p + "-app:\n    context: app\n    from: " + p + "-box\n"
                + "profiles:\n  worker:\n    image: " + p + "-app\n    network: none\n"
                + "services:\n");
        d.services.forEach((name, env) -> y.append("  ").append(p).append("-").append(name).append(":\n    profile: worker\n")
                .append("    command: [/bin/busybox, sh, -c, \"trap 'exit 0' TERM; echo ").append(env)
                .append("; while true; do /bin/busybox sleep 0.2; done\"]\n"));
        if (!d.files.isEmpty()) y.append("files:\n");
        d.files.forEach((name, content) -> y.append("  ").append(name).append(": {path: ").append(rendered.resolve(name + ".txt"))
                .append(", content: \"").append(content).append("\\n\"}\n"));
        y.append("repos:\n  work:\n    url: ").append(tmp.resolve("work.git").toUri()).append("\n    path: ").append(clone).append("\n");
        y.append("prune:\n  maxDeletions: 1000\n");
        if (d.prune) y.append("  files:\n    - {glob: \"~/junk/*.log\", olderThan: 1d}\n  docker:\n    containers: {exitedFor: 1s}\n");
        Files.writeString(config.resolve("factory.yaml"), y.toString());
    }

    /** What must never change: the unmanaged things, fingerprinted. */
    private Map<String, String> unmanaged() throws IOException {
        var out = new TreeMap<String, String>();
        out.put("container", DockerCli.ok("inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.StartedAt}}", unmanagedContainer));
        out.put("image", DockerCli.imageId(unmanagedImage));
        out.put("file mine.txt", Files.readString(rendered.resolve("mine.txt")));
        out.put("file junk/keep.txt", Files.readString(tmp.resolve("home/junk/keep.txt")));
        out.put("clone status", GitCli.git(clone, "status", "--porcelain"));
        out.put("clone README.md", Files.readString(clone.resolve("README.md")));
        out.put("clone notes.txt", Files.readString(clone.resolve("notes.txt")));
        out.put("clone HEAD", GitCli.git(clone, "rev-parse", "HEAD"));
        return out;
    }

    @Test
    void aHundredAppliesWithRandomEditsNeverTouchWhatFactoryDoesNotOwn() throws Exception {
        var random = new Random(SEED);
        var d = new Desired(new TreeMap<>(Map.of("a", "0", "b", "0")), new TreeMap<>(Map.of("f0", "zero")), 0, false);
        write(d);
        var first = factory.run("apply", "--auto-approve");
        assertEquals(0, first.exitCode(), first.all());
        var before = unmanaged();
        var edits = new TreeMap<String, Integer>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            String edit = switch (random.nextInt(12)) {   // 5: an image rebuild (and every container replaced), the slowest, 1 in 12
                case 0 -> {
                    String name = "s" + random.nextInt(4);
                    d.services.put(name, "new");
                    yield "add a service";
                }
                case 1 -> {
                    if (d.services.size() > 1) d.services.remove(new ArrayList<>(d.services.keySet()).get(random.nextInt(d.services.size())));
                    yield "remove a service";
                }
                case 2 -> {
                    String name = new ArrayList<>(d.services.keySet()).get(random.nextInt(d.services.size()));
                    d.services.put(name, "v" + cycle);
                    yield "change a service's command";
                }
                case 3 -> {
                    d.files.put("f" + random.nextInt(5), "cycle " + cycle);
                    yield "add or rewrite a file";
                }
                case 4 -> {
                    if (!d.files.isEmpty()) d.files.remove(new ArrayList<>(d.files.keySet()).get(random.nextInt(d.files.size())));
                    yield "remove a file";
                }
                case 5 -> {
                    d = new Desired(d.services, d.files, cycle, d.prune);
                    yield "edit the image context";
                }
                case 6 -> {
                    d = new Desired(d.services, d.files, d.appVersion, !d.prune);
                    yield "toggle prune rules";
                }
                case 7 -> "no edit";
                default -> {
                    d.files.put("f" + random.nextInt(5), "cycle " + cycle);
                    String name = new ArrayList<>(d.services.keySet()).get(random.nextInt(d.services.size()));
                    d.services.put(name, "v" + cycle);
                    yield "rewrite a file and change a service";
                }
            };
            edits.merge(edit, 1, Integer::sum);
            write(d);
            var apply = factory.run("apply", "--auto-approve");
            assertEquals(0, apply.exitCode(), "cycle " + cycle + " (" + edit + ", seed " + SEED + ")\n" + apply.all());
            assertEquals(before, unmanaged(), "cycle " + cycle + " (" + edit + "): something factory does not own changed");
        }
        var plan = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), "after the last cycle the plan is all no-op\n" + plan.all());
        var declared = new TreeSet<String>();
        d.services.keySet().forEach(s -> declared.add(p + "-" + s + "-1"));
        var running = new TreeSet<>(DockerCli.ok("ps", "--filter", "label=dev.factory.owner=" + p, "--format", "{{.Names}}").lines().toList());
        assertEquals(declared, running, "exactly the declared services run");
        try (Stream<Path> files = Files.list(rendered)) {
            var names = new TreeSet<>(files.map(f -> f.getFileName().toString()).toList());
            var expected = new TreeSet<String>(List.of("mine.txt"));
            d.files.keySet().forEach(f -> expected.add(f + ".txt"));
            assertEquals(expected, names, "exactly the declared files, plus the person's own");
        }
        System.out.println("long run: " + CYCLES + " cycles, seed " + SEED + ", edits " + edits);
    }

}
