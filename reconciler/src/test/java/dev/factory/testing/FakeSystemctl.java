package dev.factory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in {@code systemctl}: records each call in {@code STATE/calls} and keeps each enabled
 * unit as a file {@code STATE/UNIT}, so {@code is-active} answers as systemd would after
 * {@code enable --now}.
 */
public final class FakeSystemctl {
    private FakeSystemctl() {}

    /** Writes the script at {@code script}, its state under {@code state}; returns the script. */
    public static Path write(Path script, Path state) throws IOException {
        Files.writeString(script, "#!/bin/sh\n# stand-in systemctl: records calls, keeps unit state in files\nd=" + state + "\nmkdir -p $d\n"
                + "echo \"$*\" >> $d/calls\ncase \"$1\" in\n"
                + "  is-active) if [ -f \"$d/$2\" ]; then echo active; exit 0; else echo inactive; exit 3; fi ;;\n"
                + "  enable) touch \"$d/$3\" ;;\n  disable) rm -f \"$d/$3\" ;;\n  daemon-reload) ;;\nesac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
