package dev.factory.kinds.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The one-file tars seeds are copied in, owned by the profile's user so the agent may edit them. */
final class Seeds {
    private Seeds() {}

    /** {@code uid:gid} of a profile's numeric user ({@code 1000}, {@code 1000:1000}); a name leaves it to root (0:0). */
    static int[] owner(String user) {
        String[] parts = user == null ? new String[0] : user.split(":", 2);
        int uid = parts.length > 0 && parts[0].matches("\\d+") ? Integer.parseInt(parts[0]) : 0;
        int gid = parts.length > 1 && parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : uid;
        return new int[] {uid, gid};
    }

    static byte[] tar(String name, byte[] content, int uid, int gid) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            var entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0100644);
            entry.setUserId(uid);
            entry.setGroupId(gid);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
