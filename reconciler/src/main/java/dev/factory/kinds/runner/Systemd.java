package dev.factory.kinds.runner;

import java.io.IOException;

/** The port to the host's service manager; {@code dev.factory.systemd.Systemctl} runs the real one. */
public interface Systemd {

    /** active, inactive, or unavailable (no systemd running here). */
    enum State { ACTIVE, INACTIVE, UNAVAILABLE }

    State state(String unit);

    void daemonReload() throws IOException;

    void enableNow(String unit) throws IOException;

    void disableNow(String unit) throws IOException;
}
