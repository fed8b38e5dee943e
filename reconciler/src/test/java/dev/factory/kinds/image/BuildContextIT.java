package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashing and packing a real build context on disk. */
class BuildContextIT {
    @TempDir
    Path ctx;

    private ImageSpec spec() {
        return new ImageSpec("app", ctx, ctx.resolve("Dockerfile"), "scratch", Map.of("V", "1"), Map.of(), null);
    }

    @Test
    void ignoredFilesDoNotChangeTheHashAndAreNotSent() throws Exception {
        Files.writeString(ctx.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY . /app\n");
        Files.writeString(ctx.resolve(".dockerignore"), "node_modules\n*.log\n");
        Files.writeString(ctx.resolve("app.txt"), "v1");
        Files.createDirectories(ctx.resolve("node_modules/pkg"));
        Files.writeString(ctx.resolve("node_modules/pkg/index.js"), "x");
        Files.writeString(ctx.resolve("debug.log"), "noise");
        String before = BuildContext.read(spec()).inputs().digest("scratch");

        Files.writeString(ctx.resolve("node_modules/pkg/index.js"), "changed");
        Files.writeString(ctx.resolve("debug.log"), "more noise");
        assertEquals(before, BuildContext.read(spec()).inputs().digest("scratch"), "ignored files must not trigger a rebuild");

        Files.writeString(ctx.resolve("app.txt"), "v2");
        var context = BuildContext.read(spec());
        assertNotEquals(before, context.inputs().digest("scratch"));
        // the context as hashed, then factory's own directories for the build's CA files (empty: host.build lists none)
        assertEquals(List.of(".dockerignore", "Dockerfile", "app.txt", ".factory/", ".factory/ca/", ".factory/ca-keep/"), tarNames(context));
    }

    @Test
    void aNameWithABackslashIsHashedAndSentAsItIs() throws Exception {
        Files.writeString(ctx.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n");
        Files.createDirectories(ctx.resolve("dir"));
        Files.writeString(ctx.resolve("dir/a\\b.txt"), "one name, not a path");
        var context = BuildContext.read(spec());

        assertEquals(List.of("Dockerfile", "dir", "dir/a\\b.txt"), List.copyOf(context.inputs().files().keySet()));
        assertEquals(List.of("Dockerfile", "dir/", "dir/a\\b.txt", ".factory/", ".factory/ca/", ".factory/ca-keep/"), tarNames(context),
                "the file is sent under its own name (read as dir/a/b.txt, it was not found)");
    }

    @Test
    void theExecutableBitAndSymlinksCount() throws Exception {
        Files.writeString(ctx.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n");
        Path script = Files.writeString(ctx.resolve("run.sh"), "#!/bin/sh\n");
        Files.createSymbolicLink(ctx.resolve("link"), Path.of("run.sh"));
        var plain = BuildContext.read(spec()).inputs();
        script.toFile().setExecutable(true);
        var executable = BuildContext.read(spec()).inputs();

        assertNotEquals(plain.inputsDigest(), executable.inputsDigest());
        assertEquals("link:run.sh", executable.files().get("link"));
        assertTrue(executable.files().get("run.sh").endsWith("+x"));
    }

    @Test
    void aDockerfileOutsideTheContextIsPackedUnderAReservedName() throws Exception {
        Path outside = Files.createTempFile("Dockerfile", "");
        Files.writeString(outside, "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n");
        Files.writeString(ctx.resolve("a.txt"), "a");
        var context = BuildContext.read(new ImageSpec("app", ctx, outside, "scratch", Map.of(), Map.of(), null));

        assertEquals(BuildContext.OUTSIDE_DOCKERFILE, context.inputs().dockerfilePath());
        assertEquals(List.of("a.txt", BuildContext.OUTSIDE_DOCKERFILE, ".factory/", ".factory/ca/", ".factory/ca-keep/"), tarNames(context));
        Files.delete(outside);
    }

    @Test
    void theBuildsCaFilesAreSentAndHashedAndKeptOnlyWhenAsked(@TempDir Path cas) throws Exception {
        Files.writeString(ctx.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n");
        Path proxy = Files.writeString(cas.resolve("proxy.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        var plain = BuildContext.read(spec());
        var withCa = BuildContext.read(withBuild(new ImageSpec.Build("host", List.of(proxy), false)));
        var kept = BuildContext.read(withBuild(new ImageSpec.Build("host", List.of(proxy), true)));

        assertEquals(List.of("Dockerfile", ".factory/", ".factory/ca/", ".factory/ca-keep/", ".factory/ca/00-proxy.crt"), tarNames(withCa));
        assertEquals(List.of("Dockerfile", ".factory/", ".factory/ca/", ".factory/ca-keep/", ".factory/ca/00-proxy.crt",
                ".factory/ca-keep/00-proxy.crt"), tarNames(kept));
        assertEquals(Map.of(), plain.inputs().build());
        assertEquals(Map.of("network", "host", "ca 00-proxy.crt", BuildContext.digest(proxy)), withCa.inputs().build());
        assertEquals("true", kept.inputs().build().get("ca-keep"));
        String before = withCa.inputs().digest("scratch");
        Files.writeString(proxy, "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n");
        assertNotEquals(before, BuildContext.read(withBuild(new ImageSpec.Build("host", List.of(proxy), false))).inputs().digest("scratch"),
                "a CA file's content is an input");
    }

    private ImageSpec withBuild(ImageSpec.Build build) {
        var s = spec();
        return new ImageSpec(s.name(), s.context(), s.dockerfile(), s.from(), s.args(), s.labels(), s.at(), build);
    }

    private static List<String> tarNames(BuildContext context) throws Exception {
        var bytes = new ByteArrayOutputStream();
        context.writeTar(bytes);
        var names = new ArrayList<String>();
        try (var tar = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) names.add(e.getName());
        }
        return names;
    }
}
