package dev.factory.kinds.volume;

/** A volume in a plan: its driver. */
record VolumePayload(String driver) {}
