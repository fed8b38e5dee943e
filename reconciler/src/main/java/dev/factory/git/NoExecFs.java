package dev.factory.git;

import java.io.File;
import java.io.OutputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;

/**
 * The file system jgit sees in factory: it runs no program. Every program a repository can name
 * (clean/smudge filter drivers from {@code .gitattributes}, hooks, a local remote's
 * {@code uploadpack}, diff and merge tools) reaches jgit's {@code FS.runInShell}, and here that
 * refuses; hooks are reported absent. jgit implements none of git's other program settings
 * ({@code core.fsmonitor}, {@code core.sshCommand}, credential helpers, pagers). So reading a
 * repository an agent could write is reading data, never running its code.
 */
public final class NoExecFs extends FS_POSIX {
    public static final NoExecFs INSTANCE = new NoExecFs();

    static {
        // every repository factory opens passes through here first: jgit's defaults (no git program asked
        // for the system config, no auto-gc) are in place before any config is read
        GitRepos.defaults();
    }

    private NoExecFs() {
        super();
    }

    private NoExecFs(FS src) {
        super(src);
    }

    @Override
    public FS newInstance() {
        return new NoExecFs(this);
    }

    /** No git program: jgit asks for one only to learn where the system config is, which {@link GitRepos} answers itself. */
    @Override
    protected File discoverGitExe() {
        return null;
    }

    @Override
    public ProcessBuilder runInShell(String cmd, String[] args) {
        throw new ProgramRefused(cmd);
    }

    @Override
    public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] args, OutputStream outRedirect,
                                          OutputStream errRedirect, String stdinArgs) {
        return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    @Override
    public File findHook(Repository repository, String hookName) {
        return null;
    }

    /** A repository asked jgit to run a program; factory runs none. */
    public static final class ProgramRefused extends RuntimeException {
        ProgramRefused(String cmd) {
            super("the repository asks to run a program (" + (cmd.length() > 80 ? cmd.substring(0, 80) + "..." : cmd)
                    + "); factory runs no program a repository configures", null, false, false);
        }
    }
}
