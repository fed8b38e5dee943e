package dev.factory.source;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.VerificationResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;

/** Commit signature checks: SSH signatures against an allowed-signers file (jgit.ssh.apache's verifier). */
final class Signatures {
    private Signatures() {}

    static void verify(Git git, ObjectId commit, Path allowedSigners) throws SourceException, IOException {
        StoredConfig config = git.getRepository().getConfig();
        config.setString("gpg", null, "format", "ssh");
        config.setString("gpg", "ssh", "allowedSignersFile", allowedSigners.toAbsolutePath().toString());
        config.save();
        VerificationResult result;
        try {
            result = git.verifySignature().addName(commit.name()).call().get(commit.name());
        } catch (GitAPIException | RuntimeException e) {
            throw new SourceException("refusing to plan or apply commit " + commit.name() + ": its signature cannot be checked ("
                    + dev.factory.runtime.Errors.rootMessage(e) + ")", e);
        }
        String refused = "refusing to plan or apply commit " + commit.name() + ": ";
        if (result == null) {
            throw new SourceException(refused + "it is not signed (source.verify.mode is head); sign it with an allowed SSH key", null);
        }
        if (result.getException() != null) {
            throw new SourceException(refused + "its signature cannot be checked (" + dev.factory.runtime.Errors.rootMessage(result.getException()) + ")", result.getException());
        }
        var v = result.getVerification();
        if (v == null || !v.verified()) {
            String why = v == null || v.message() == null ? "the signature does not verify" : v.message();
            throw new SourceException(refused + "bad signature or a signer not in " + allowedSigners + " (" + why + ")", null);
        }
    }
}
