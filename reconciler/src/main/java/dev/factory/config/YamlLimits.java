package dev.factory.config;

import java.nio.file.Path;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * The parser a YAML file is composed from, counting nesting and values on its event stream: a
 * file nested too deep or holding too many values is refused at the first event past the limit,
 * before the composer (recursive) goes any deeper or builds any more of the node tree. Counting
 * on the composer's own stream reads the file once; a separate streaming pass before composing,
 * as there was, scanned every config file twice (half of a cold load's YAML time).
 */
final class YamlLimits implements Parser {
    /** The first excess, as a located error; thrown out of the composer. */
    static final class TooMuch extends RuntimeException {
        final transient Diagnostic diagnostic;

        TooMuch(Diagnostic diagnostic) {
            super(null, null, false, false);
            this.diagnostic = diagnostic;
        }
    }

    private final Parser events;
    private final Path file;
    private int depth;
    private int values;

    YamlLimits(Parser events, Path file) {
        this.events = events;
        this.file = file;
    }

    @Override
    public Event next() {
        Event event = events.next();
        switch (event.getEventId()) {
            case MappingStart, SequenceStart -> {
                values++;
                if (++depth > YamlReader.MAX_DEPTH) {
                    throw new TooMuch(Diagnostic.error(at(event), "", "nested deeper than " + YamlReader.MAX_DEPTH + " levels; flatten this value"));
                }
            }
            case MappingEnd, SequenceEnd -> depth--;
            case Scalar, Alias -> values++;
            default -> {
                // stream and document boundaries, comments
            }
        }
        if (values > YamlReader.MAX_NODES) {
            throw new TooMuch(Diagnostic.error(at(event), "", "more than " + YamlReader.MAX_NODES + " values in one file; split it into several files"));
        }
        return event;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return events.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return events.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return events.hasNext();
    }

    private SourceLocation at(Event event) {
        return event.getStartMark().map(m -> YamlReader.at(file, m)).orElse(SourceLocation.of(file));
    }
}
