package dev.factory.kinds.mcp;

import dev.factory.config.Desired;
import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.engine.RenderedFile;
import dev.factory.plan.Address;
import dev.factory.plan.ResourceKind;
import dev.factory.secrets.SecretRef;
import dev.factory.secrets.SecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * MCP connections: one source of servers, rendered into each client's own config format. Owns no
 * resource of its own: its client files are rendered (and owned) through the file kind.
 */
public final class McpModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(McpSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of();
    }

    /**
     * The file's mode: as declared, else 0600 when it names a variable that carries a secret (a
     * reference in an env value or header, or a bearer token variable), else 0644.
     */
    static String mode(McpClient client, List<McpServer> servers) {
        if (client.mode() != null) return client.mode();
        boolean namesSecrets = servers.stream().anyMatch(s -> s.bearerTokenEnv() != null
                || s.env().values().stream().anyMatch(SecretRef::isReference) || s.headers().values().stream().anyMatch(SecretRef::isReference));
        return namesSecrets ? RenderedFile.PRIVATE_MODE : RenderedFile.DEFAULT_MODE;
    }

    /**
     * One file per client. A server whose secret reference cannot resolve now blocks its client's
     * file (the agent would start deaf); a client naming secret variables is 0600 unless it says.
     */
    @Override
    public List<RenderedFile> renderedFiles(Desired desired, KindContext ctx) {
        var mcp = desired.get(McpSection.SECTION);
        SecretStore secrets = desired.secrets();
        var out = new ArrayList<RenderedFile>();
        for (McpClient client : mcp.clients().values()) {
            List<McpServer> servers = client.servers().stream().map(mcp.servers()::get).toList();
            Rendered r = client.format() == McpClient.Format.CODEX_TOML ? CodexRenderer.render(client, servers) : JsonRenderer.render(client, servers);
            var blockers = new ArrayList<String>();
            var warnings = new ArrayList<>(r.warnings());
            var loose = new LinkedHashSet<Path>();
            for (McpServer s : servers) {
                var values = new HashMap<String, String>();
                s.env().forEach((k, v) -> values.put("env " + k, v));
                s.headers().forEach((k, v) -> values.put("header " + k, v));
                values.forEach((what, v) -> {
                    secrets.problems(v).stream().filter(p -> p.startsWith("${secret:"))
                            .forEach(p -> blockers.add("server " + s.name() + " " + what + ": " + p));
                    secrets.filesIn(v).stream().filter(Files::isRegularFile).forEach(loose::add);
                });
            }
            loose.forEach(f -> SecretStore.looseMode(f).ifPresent(warnings::add));
            String mode = mode(client, servers);
            out.add(new RenderedFile(Address.of(RenderedFile.KIND, client.name() + "/" + client.path().getFileName()), client.path(), r.content(),
                    r.errors(), blockers, warnings, mode));
        }
        return out;
    }
}
