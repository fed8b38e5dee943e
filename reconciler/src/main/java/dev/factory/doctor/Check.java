package dev.factory.doctor;

/** One connection of one profile, checked: ok, deaf (with why and what to do), or unknown (could not check). */
public record Check(String profile, String connection, Status status, String detail) {
    public enum Status { OK, DEAF, UNKNOWN }

    static Check ok(String profile, String connection, String detail) {
        return new Check(profile, connection, Status.OK, detail);
    }

    static Check deaf(String profile, String connection, String detail) {
        return new Check(profile, connection, Status.DEAF, detail);
    }

    static Check unknown(String profile, String connection, String detail) {
        return new Check(profile, connection, Status.UNKNOWN, detail);
    }
}
