package dev.factory.testing;

import dev.factory.docker.DockerGateway;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that needs a real Docker engine and a static busybox. Without them the
 * class is skipped on a laptop, but fails when {@code FACTORY_REQUIRE_DOCKER=1} (CI), so CI is
 * never green with its Docker tests silently skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Check.class)
public @interface RequiresDocker {

    final class Check implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            String problem = null;
            String endpoint = DockerGateway.endpoint(null);
            try (var docker = DockerGateway.connect(endpoint)) {
                docker.ping();
            } catch (Exception e) {
                problem = e.getMessage();
            }
            if (problem == null && !Files.isExecutable(TestImages.BUSYBOX)) {
                problem = TestImages.BUSYBOX + " is missing: apt-get install -y busybox-static";
            }
            if (problem == null) return;
            if ("1".equals(System.getenv("FACTORY_REQUIRE_DOCKER"))) {
                throw new IllegalStateException("FACTORY_REQUIRE_DOCKER=1 but the Docker tests cannot run: " + problem);
            }
            Assumptions.abort("no Docker engine (" + problem + "); set FACTORY_REQUIRE_DOCKER=1 to make this a failure");
        }
    }

}
