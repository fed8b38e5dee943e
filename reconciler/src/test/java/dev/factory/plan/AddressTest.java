package dev.factory.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressTest {

    @Test
    void ordersAsItsTextDoes() {
        var random = new Random(7);
        String[] kinds = {"file", "file-x", "filex", "fil", "image", "container", "a", "b"};
        String alphabet = "ab/-.z0";
        var addresses = new ArrayList<Address>();
        for (int i = 0; i < 400; i++) {
            var name = new StringBuilder();
            for (int j = 1 + random.nextInt(4); j > 0; j--) name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            addresses.add(Address.of(kinds[random.nextInt(kinds.length)], name.toString()));
        }
        for (Address a : addresses) {
            for (Address b : addresses) {
                assertEquals(Integer.signum(a.toString().compareTo(b.toString())), Integer.signum(a.compareTo(b)), a + " vs " + b);
            }
        }
    }

    @Test
    void aKindThatIsAPrefixOfAnotherSortsByTheSlash() {
        // "file/z" < "file-x/a"? '/' (0x2f) > '-' (0x2d): no; "file/z" < "filex/a": '/' < 'x': yes
        assertEquals(1, Integer.signum(Address.of("file", "z").compareTo(Address.of("file-x", "a"))));
        assertEquals(-1, Integer.signum(Address.of("file", "z").compareTo(Address.of("filex", "a"))));
        assertEquals(-1, Integer.signum(Address.of("fil", "e").compareTo(Address.of("file", "a"))));   // "fil/e" vs "file/a": '/' < 'e'
        assertEquals(-1, Integer.signum(Address.of("a", "b").compareTo(Address.of("a", "b/c"))));
        assertEquals(0, Address.of("a", "b").compareTo(Address.of("a", "b")));
    }

    @Test
    void equalWhenKindAndNameAre() {
        assertEquals(Address.of("image", "x"), Address.parse("image/x"));
        assertEquals(Address.of("image", "x").hashCode(), Address.parse("image/x").hashCode());
        assertNotEquals(Address.of("image", "x"), Address.of("image", "y"));
        assertNotEquals(Address.of("image", "x"), Address.of("file", "x"));
        assertNotEquals(Address.of("image", "x").hashCode(), Address.of("image", "y").hashCode());
        assertNotEquals(Address.of("image", "x").hashCode(), Address.of("file", "x").hashCode());
        assertNotEquals(Address.of("image", "x"), "image/x");
        assertEquals(Address.of("file", "/srv/a/b"), Address.parse("file//srv/a/b"));
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String bad : new String[] {"image", "/x", "image/", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Address.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Address.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Address.of("a/b", "c"));
        assertThrows(IllegalArgumentException.class, () -> Address.of("", "c"));
        assertThrows(IllegalArgumentException.class, () -> Address.of("a", ""));
    }
}
