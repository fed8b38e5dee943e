package dev.factory.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.transport.DockerHttpClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiCallsTest {
    private static final DockerHttpClient NOWHERE = new DockerHttpClient() {
        @Override
        public Response execute(Request request) {
            return null;
        }

        @Override
        public void close() {
        }
    };

    private static void call(ApiCalls client, DockerHttpClient.Request.Method method, String path) {
        client.execute(DockerHttpClient.Request.builder().method(method).path(path).build());
    }

    @Test
    void idsAndNamesAreFoldedAndTheVersionAndQueryDropped() {
        assertEquals("/containers/{id}/json", ApiCalls.shape("/v1.41/containers/abc123/json?size=1"));
        assertEquals("/images/json", ApiCalls.shape("/images/json?all=1"));
        assertEquals("/containers/{id}/start", ApiCalls.shape("/v1.41/containers/factory-x/start"));
        assertEquals("/_ping", ApiCalls.shape("/_ping"));
    }

    @Test
    void eachClientCountsItsOwnCallsAndTheProcessCountsAll() {
        var one = new ApiCalls(() -> NOWHERE);
        var other = new ApiCalls(() -> NOWHERE);
        long before = ApiCalls.snapshot().getOrDefault("GET /images/json", 0L);
        call(one, DockerHttpClient.Request.Method.GET, "/v1.41/images/json");
        call(one, DockerHttpClient.Request.Method.GET, "/v1.41/images/json");
        call(other, DockerHttpClient.Request.Method.GET, "/v1.41/images/json");
        call(other, DockerHttpClient.Request.Method.POST, "/v1.41/containers/abc/stop");
        assertEquals(Map.of("GET /images/json", 2L), one.counted());
        assertEquals(Map.of("GET /images/json", 1L, "POST /containers/{id}/stop", 1L), other.counted());
        assertEquals(before + 3, ApiCalls.snapshot().get("GET /images/json"));
    }

    @Test
    void theHttpClientIsMadeOnTheFirstCallThroughItAndCallsMadePastItAreCounted() throws Exception {
        var made = new java.util.concurrent.atomic.AtomicInteger();
        var calls = new ApiCalls(() -> {
            made.incrementAndGet();
            return NOWHERE;
        });
        calls.count("GET", "/containers/json?all=1");
        calls.close();   // closing one never made makes nothing
        assertEquals(0, made.get());
        assertEquals(Map.of("GET /containers/json", 1L), calls.counted());
        call(calls, DockerHttpClient.Request.Method.GET, "/_ping");
        call(calls, DockerHttpClient.Request.Method.GET, "/_ping");
        assertEquals(1, made.get());
        assertEquals(Map.of("GET /containers/json", 1L, "GET /_ping", 2L), calls.counted());
    }
}
