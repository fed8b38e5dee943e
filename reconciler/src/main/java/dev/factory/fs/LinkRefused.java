package dev.factory.fs;

import java.io.IOException;
import java.nio.file.Path;

/** A path component is a symbolic link factory will not follow: it is left alone and reported. */
public final class LinkRefused extends IOException {
    private final Path link;

    public LinkRefused(Path link) {
        super(link + " is a symbolic link; factory never follows a link it did not verify, so it is left alone"
                + " (point the config at the real path, or remove the link)");
        this.link = link;
    }

    public Path link() {
        return link;
    }
}
