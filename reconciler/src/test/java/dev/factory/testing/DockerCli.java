package dev.factory.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI, used by tests to set up and check the engine independently of factory's own client. */
public final class DockerCli {
    public record Result(int exitCode, String out) {}

    private DockerCli() {}

    public static Result run(String... args) {
        var command = new ArrayList<String>();
        command.add("docker");
        command.addAll(List.of(args));
        try {
            var pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DOCKER_BUILDKIT", "0");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("docker " + String.join(" ", args) + " timed out");
            }
            return new Result(p.exitValue(), out.strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run docker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String ok(String... args) {
        Result r = run(args);
        if (r.exitCode != 0) throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + r.out);
        return r.out;
    }

    public static boolean imageExists(String ref) {
        return run("image", "inspect", ref).exitCode == 0;
    }

    public static String imageId(String ref) {
        return ok("image", "inspect", "-f", "{{.Id}}", ref);
    }

    public static boolean containerExists(String name) {
        return run("container", "inspect", name).exitCode == 0;
    }

    /** Removes every container stamped with this owner, then every such image: whatever the test left behind. */
    public static void removeEverythingOwned(String owner) {
        for (String id : run("ps", "-aq", "--filter", "label=dev.factory.owner=" + owner).out.lines().toList()) {
            if (!id.isBlank()) run("rm", "-f", id);
        }
        for (String id : run("network", "ls", "-q", "--filter", "label=dev.factory.owner=" + owner).out.lines().toList()) {
            if (!id.isBlank()) run("network", "rm", id);
        }
        for (String name : run("volume", "ls", "-q", "--filter", "label=dev.factory.owner=" + owner).out.lines().toList()) {
            if (!name.isBlank()) run("volume", "rm", "-f", name);
        }
        removeOwned(owner);
    }

    /** Removes every image stamped with this owner, whatever the test left behind. */
    public static void removeOwned(String owner) {
        String ids = run("images", "-q", "--filter", "label=dev.factory.owner=" + owner).out;
        for (String id : ids.lines().distinct().toList()) {
            if (!id.isBlank()) run("rmi", "-f", id);
        }
    }
}
