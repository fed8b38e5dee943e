package dev.factory.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/** The ref names read plainly (a clone's stamp, the config's HEAD) are checked by hand: never a name jgit would refuse, and the usual names all pass. */
class RefNameTest {

    @Test
    void theUsualBranchNamesArePlain() {
        for (String ref : new String[] {"refs/heads/main", "refs/remotes/origin/main", "refs/heads/feature/x-1", "refs/heads/release-1.2",
                "refs/heads/user_name/fix+docs", "refs/heads/v1.0.0-rc.1", "refs/heads/a", "refs/heads/a./b"}) {
            assertTrue(PlainGitDir.plainRefName(ref), ref);
            assertTrue(Repository.isValidRefName(ref), ref);
        }
    }

    @Test
    void whatGitRefusesOrTheWalkCannotStatIsNot() {
        for (String ref : new String[] {"", "main", "refs", "refs/", "/refs/heads/x", "refs//x", "refs/heads/", "refs/heads/a..b", "refs/heads/a./b.lock",
                "refs/heads/.hidden", "refs/heads/x.", "refs/heads/x.lock", "refs/heads/x.lock/y", "refs/heads/.git", "refs/heads/..",
                "refs/heads/.", "refs/heads/a b", "refs/heads/a~1", "refs/heads/a^", "refs/heads/a:b", "refs/heads/a?", "refs/heads/a[b",
                "refs/heads/a*", "refs/heads/a\\b", "refs/heads/@{u}", "refs/heads/a\u007f", "refs/heads/\u00fc", "refs/heads/a\nb",
                "refs/heads/" + "x".repeat(201)}) {
            assertFalse(PlainGitDir.plainRefName(ref), ref);
        }
        assertTrue(PlainGitDir.plainRefName("refs/heads/" + "x".repeat(200)));
    }

    @Test
    void theAlphabetEndsWhereItSays() {
        // each end of each range is in, the characters just outside them are not (jgit takes most of those: only this check refuses)
        for (char c : "azAZ09._+-".toCharArray()) assertTrue(PlainGitDir.plainRefName("refs/heads/x" + c + "y"), String.valueOf(c));
        for (char c : "`{@[:,".toCharArray()) assertFalse(PlainGitDir.plainRefName("refs/heads/x" + c + "y"), String.valueOf(c));
        assertTrue(PlainGitDir.plainRefName("refs/heads/x/y"), "a slash separates components");
    }

    @Test
    void everyPlainNameIsOneJgitAccepts() {
        String alphabet = "ab./-_+.@{}~^:?*[\\ \u00fc.lock/.";
        var random = new Random(21);
        int plain = 0;
        for (int i = 0; i < 200_000; i++) {
            var sb = new StringBuilder(i % 3 == 0 ? "refs/heads/" : "");
            int length = random.nextInt(14);
            for (int j = 0; j < length; j++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String ref = sb.toString();
            if (PlainGitDir.plainRefName(ref)) {
                plain++;
                assertTrue(Repository.isValidRefName(ref), ref);
            }
        }
        assertTrue(plain > 1000, "the random names exercise the accepting side too: " + plain);
    }

    @Test
    void aPlainNameAgreesWithJgitOnNamesMadeOfItsOwnAlphabet() {
        // within the plain alphabet the two checks are the same check: a difference would be a rule missed
        String alphabet = "ab.-_+/";
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            var sb = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String ref = sb.toString();
            assertEquals(Repository.isValidRefName(ref), PlainGitDir.plainRefName(ref), ref);
        }
    }
}
