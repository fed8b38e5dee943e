package dev.factory.git;

/**
 * Where git's system-wide config is ({@link GitRepos#systemConfig} reads it), apart from
 * {@link GitRepos}: asking (a clone's stamp does, on every plan) does not set jgit up.
 */
final class GitSystemConfig {
    /** Where git on Linux keeps its system-wide config when nothing in the environment says otherwise. */
    static final java.io.File SYSTEM_CONFIG = new java.io.File("/etc/gitconfig");

    private GitSystemConfig() {}

    /** The system config's file unless {@code GIT_CONFIG_NOSYSTEM} says none: {@code GIT_CONFIG_SYSTEM}'s, else {@link #SYSTEM_CONFIG}. */
    static java.io.File file(java.util.function.UnaryOperator<String> env) {
        String named = env.apply("GIT_CONFIG_SYSTEM");
        return named == null || named.isEmpty() ? SYSTEM_CONFIG : new java.io.File(named);
    }
}
