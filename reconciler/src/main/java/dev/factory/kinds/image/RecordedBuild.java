package dev.factory.kinds.image;

/** What the inventory remembers of the last build of an image, to explain the next rebuild. */
public record RecordedBuild(String id, String hash, String base, BuildInputs inputs) {}
