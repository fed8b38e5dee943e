package dev.factory.kinds.image;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a classic-builder stream a person sees: the Dockerfile's own steps, numbered among
 * themselves, and every line its RUN steps print, each prefixed with the image's address. The
 * engine's chatter (intermediate ids and containers) and the LABEL steps the engine appends for
 * factory's build labels (one per label, after the Dockerfile's last step) stay in the log only.
 */
final class BuildOutput {
    private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$", Pattern.DOTALL);
    private static final Pattern CHATTER = Pattern.compile("^( ---> .*|Removing intermediate container .*|Successfully (built|tagged) .*)$");

    private final String address;
    private final int labels;
    private boolean inLabelSteps;

    BuildOutput(String address, int labels) {
        this.address = address;
        this.labels = labels;
    }

    /** The line to show for one line of the build stream, or empty to keep it to the log. */
    Optional<String> show(String line) {
        Matcher step = STEP.matcher(line);
        if (step.matches()) {
            int n = Integer.parseInt(step.group(1));
            int own = Integer.parseInt(step.group(2)) - labels;
            inLabelSteps = n > own;
            return inLabelSteps ? Optional.empty() : Optional.of(address + ": step " + n + "/" + own + " : " + step.group(3));
        }
        if (inLabelSteps || CHATTER.matcher(line).matches()) return Optional.empty();
        return Optional.of(address + " | " + line);
    }
}
