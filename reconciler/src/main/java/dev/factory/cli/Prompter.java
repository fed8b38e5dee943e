package dev.factory.cli;

import java.util.Optional;

/** Asks the person at the terminal; empty when there is no terminal to ask on. */
@FunctionalInterface
public interface Prompter {
    Optional<String> ask(String question);

    static Prompter terminal() {
        return question -> {
            var console = System.console();
            if (console == null) return Optional.empty();
            return Optional.ofNullable(console.readLine("%s", question));
        };
    }
}
