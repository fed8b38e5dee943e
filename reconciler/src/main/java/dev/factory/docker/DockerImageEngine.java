package dev.factory.docker;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.core.command.BuildImageResultCallback;
import dev.factory.engine.port.EngineImage;
import dev.factory.engine.port.ImageEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

/** {@link ImageEngine} over docker-java: images listed in one call, built from our own tar, removed by tag. */
public final class DockerImageEngine implements ImageEngine {
    private final DockerGateway gateway;

    DockerImageEngine(DockerGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<EngineImage> listImages() {
        return gateway.observed("images", this::listNow);
    }

    List<EngineImage> listNow() {
        return EngineLists.images(gateway.list("/images/json", true));
    }

    @Override
    public java.util.Optional<String> idOfTag(String tag) {
        return EngineLists.plainReference(tag) ? gateway.imageIdOfTag(tag) : ImageEngine.super.idOfTag(tag);
    }

    @Override
    public String build(BuildRequest request, Consumer<String> progress) throws IOException {
        try (InputStream tar = Files.newInputStream(request.contextTar())) {
            var cmd = gateway.client().buildImageCmd()
                    .withTarInputStream(tar)
                    .withDockerfilePath(request.dockerfile())
                    .withLabels(request.labels())
                    .withTags(new HashSet<>(request.tags()))
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true);
            if (request.network() != null) cmd.withNetworkMode(request.network());
            request.buildArgs().forEach(cmd::withBuildArg);
            String shortId = cmd.exec(new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null) item.getStream().lines().filter(l -> !l.isBlank()).forEach(progress);
                    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                        progress.accept("ERROR: " + item.getErrorDetail().getMessage());
                    }
                    super.onNext(item);
                }
            }).awaitImageId();
            return gateway.client().inspectImageCmd(shortId).exec().getId();
        } catch (DockerClientException | DockerException e) {
            throw new IOException("docker build failed: " + dev.factory.runtime.Errors.rootMessage(e), e);
        } catch (RuntimeException e) {   // the build stream broke: the engine went away mid-build
            throw new IOException("lost the engine during the build: " + gateway.unreachable(e).getMessage(), e);
        }
    }

    @Override
    public void remove(String reference) {
        try {
            gateway.client().removeImageCmd(reference).withForce(false).withNoPrune(false).exec();
        } catch (NotFoundException e) {
            // already gone: the goal is reached
        }
    }

}
