package dev.factory.cli;

/** Every exit code factory uses, in one place (Terraform's -detailed-exitcode convention). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int ERROR = 1;
    /** plan --detailed-exitcode: the plan has changes (or unknowns) pending. */
    public static final int CHANGES_PENDING = 2;
    public static final int USAGE = 64;
    /** Stopped by Ctrl-C (128 + SIGINT, as shells report it), after the changes in flight finished. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
