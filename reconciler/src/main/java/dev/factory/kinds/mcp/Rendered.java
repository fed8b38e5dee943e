package dev.factory.kinds.mcp;

import java.util.List;

/** A rendered client file: its content, and what the format could not express (errors block it, warnings do not). */
public record Rendered(String content, List<String> errors, List<String> warnings) {}
