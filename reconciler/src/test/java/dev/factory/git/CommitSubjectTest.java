package dev.factory.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

/** A commit's subject read by hand is jgit's {@code getShortMessage}, or left to jgit (null). */
class CommitSubjectTest {
    private static final String HEADERS = "tree " + "a".repeat(40) + "\nparent " + "b".repeat(40)
            + "\nauthor A U Thor <a@example.com> 1700000000 +0000\ncommitter C O Mitter <c@example.com> 1700000000 +0100\n";

    private static byte[] commit(String headersAfter, String message) {
        return (HEADERS + headersAfter + "\n" + message).getBytes(StandardCharsets.UTF_8);
    }

    private static void sameAsJgit(byte[] body) {
        String plain = JgitConfigGit.plainSubject(body);
        if (plain != null) assertEquals(RevCommit.parse(body).getShortMessage(), plain, new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void theUsualMessagesReadAsJgitReadsThem() {
        for (String message : List.of("subject", "subject\n", "subject\n\nbody\nmore", "wrapped\nsubject line\n\nbody", "", "\n", "\n\nbody",
                "ünïcödé ✓ subject\n", "trailing spaces   \n\nx", "a\nb\nc", "a\n\n\n\nb", "tab\there\n")) {
            byte[] body = commit("", message);
            assertEquals(RevCommit.parse(body).getShortMessage(), JgitConfigGit.plainSubject(body), message);
        }
        String signed = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n";
        byte[] body = commit(signed, "signed subject\n\nbody");
        assertEquals("signed subject", JgitConfigGit.plainSubject(body));
        sameAsJgit(body);
        byte[] headersOnly = HEADERS.getBytes(StandardCharsets.UTF_8);
        assertEquals(RevCommit.parse(headersOnly).getShortMessage(), JgitConfigGit.plainSubject(headersOnly), "no message at all");
    }

    @Test
    void anEncodingACarriageReturnOrBytesThatAreNotUtf8AreLeftToJgit() {
        assertNull(JgitConfigGit.plainSubject(commit("encoding ISO-8859-1\n", "caf\u00e9")));
        assertNull(JgitConfigGit.plainSubject(commit("", "windows\r\nline\r\n")));
        byte[] latin1 = (HEADERS + "\ncaf").getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(latin1, latin1.length + 1);
        bad[bad.length - 1] = (byte) 0xe9;
        assertNull(JgitConfigGit.plainSubject(bad));
        assertEquals("ok", JgitConfigGit.plainSubject(commit("", "ok\n\nbody with \r and \u00e9 after the subject")), "only the subject is read");
    }

    @Test
    void randomMessagesReadAsJgitReadsThem() {
        var random = new Random(42);
        char[] alphabet = {'a', 'b', ' ', '\n', '\n', '\r', '\t', 'é', '✓', '-'};
        for (int i = 0; i < 20_000; i++) {
            var sb = new StringBuilder();
            int length = random.nextInt(30);
            for (int j = 0; j < length; j++) sb.append(alphabet[random.nextInt(alphabet.length)]);
            sameAsJgit(commit(random.nextInt(10) == 0 ? "encoding UTF-8\n" : "", sb.toString()));
        }
    }
}
