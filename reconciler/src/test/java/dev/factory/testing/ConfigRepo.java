package dev.factory.testing;

import static dev.factory.testing.GitCli.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A config repo for daemon tests: {@code tmp/config.git} (bare) and its clone {@code tmp/work} with a busybox image context at cfg/box. */
public final class ConfigRepo {
    private ConfigRepo() {}

    /** Makes both and returns the clone. */
    public static Path init(Path tmp) throws IOException {
        git(tmp, "init", "--bare", "config.git");
        Path work = tmp.resolve("work");
        git(tmp, "clone", tmp.resolve("config.git").toString(), work.toString());
        Path box = TestImages.busyboxContext(work.resolve("cfg/box"), "box.txt", "box\n");
        Files.writeString(box.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
        return work;
    }
}
