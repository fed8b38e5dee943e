package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DockerfilesTest {
    @Test
    void acceptsBuildsOnBaseImage() {
        assertNull(Dockerfiles.baseImageProblem("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n"));
        assertNull(Dockerfiles.baseImageProblem("# syntax\narg BASE_IMAGE=ubuntu:24.04\nFROM --platform=linux/amd64 $BASE_IMAGE AS app\n"));
        assertNull(Dockerfiles.baseImageProblem("ARG BASE_IMAGE\nFROM busybox AS tools\nRUN x \\\n  y\nFROM ${BASE_IMAGE}\nCOPY --from=tools /x /x\n"));
    }

    @Test
    void pointsAtTheFirstFromWhenBaseImageIsNotUsed() {
        assertEquals(3, Dockerfiles.baseImageProblem("# pinned\n\nFROM ubuntu:24.04\n").line());
        assertEquals(2, Dockerfiles.baseImageProblem("\nFROM x AS a\nFROM ${BASE_IMAGE}\nARG BASE_IMAGE\n").line(), "ARG after FROM does not count");
        assertEquals(1, Dockerfiles.baseImageProblem("").line());
    }
}
