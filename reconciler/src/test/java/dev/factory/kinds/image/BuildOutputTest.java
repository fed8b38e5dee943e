package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildOutputTest {
    @Test
    void ownStepsAreRenumberedRunOutputIsShownAndLabelStepsAndChatterAreNot() {
        var out = new BuildOutput("image/app", 2);
        var stream = List.of("Step 1/5 : FROM scratch", " ---> ", "Step 2/5 : COPY busybox /bin/busybox", " ---> 225de563eb92",
                "Step 3/5 : RUN [\"/bin/busybox\",\"echo\",\"hello\"]", " ---> Running in 7d99726a7cec", "hello",
                "Removing intermediate container 7d99726a7cec", " ---> 02447f0ebb82", "Step 4/5 : LABEL a=1", " ---> Running in 1",
                "Step 5/5 : LABEL b=2", "a stray line inside a label step", "Successfully built d6126ed84f0e", "Successfully tagged app:latest");
        var shown = stream.stream().map(out::show).flatMap(Optional::stream).toList();
        assertEquals(List.of("image/app: step 1/3 : FROM scratch", "image/app: step 2/3 : COPY busybox /bin/busybox",
                "image/app: step 3/3 : RUN [\"/bin/busybox\",\"echo\",\"hello\"]", "image/app | hello"), shown);
    }

    @Test
    void withoutLabelsEveryStepIsOwn() {
        var out = new BuildOutput("image/x", 0);
        assertEquals(Optional.of("image/x: step 2/2 : RUN make"), out.show("Step 2/2 : RUN make"));
        assertEquals(Optional.of("image/x | ERROR: boom"), out.show("ERROR: boom"));
    }
}
