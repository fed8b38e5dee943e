package dev.factory.config;

/** The commit a config was read from, stamped on plans and image labels. */
public record ConfigRevision(String sha, String subject) {}
