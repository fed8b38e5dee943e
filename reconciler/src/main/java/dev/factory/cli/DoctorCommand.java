package dev.factory.cli;

import dev.factory.kinds.container.ContainerSection;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.app.Adapters;
import dev.factory.doctor.Check;
import dev.factory.doctor.Doctor;
import dev.factory.kinds.container.ProfileSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", description = {
        "Start each profile's real container and check every connection it declares: mounts and their modes, auth caches,",
        "secret files, loopback APIs under its network, MCP commands and URLs. Exit 1 when any connection is deaf."})
final class DoctorCommand extends ConfigCommand {
    @Option(names = "--profile", paramLabel = "P", description = "Check only this profile.")
    String profile;

    @picocli.CommandLine.Mixin
    FormatOptions.TextOrJson format;

    @picocli.CommandLine.Mixin
    NodeOption node;

    private boolean asJson;

    @Override
    void checkOptions() {
        asJson = format.asJson();
    }

    @Override
    int run(Console console, Desired config, ConfigLoader.Result loaded) throws Exception {
        Desired desired = node.on(config);
        List<ProfileSpec> profiles = new ArrayList<>(desired.get(ContainerSection.SECTION).profiles().values());
        if (profile != null) {
            if (!desired.get(ContainerSection.SECTION).profiles().containsKey(profile)) {
                console.err().println("error: profile '" + profile + "' is not declared");
                return ExitCodes.ERROR;
            }
            profiles = List.of(desired.get(ContainerSection.SECTION).profiles().get(profile));
        }
        var checks = new ArrayList<Check>();
        try (var ports = Adapters.open(desired.host(), System.getenv())) {
            var doctor = new Doctor(Adapters.oneShot(dev.factory.state.StateDir.resolve(common.stateDir, desired.host(), desired.configDir()), desired, ports));
            for (ProfileSpec p : profiles) checks.addAll(doctor.examine(desired, p));
        }
        var out = console.out();
        if (asJson) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(checks.stream().map(c -> java.util.Map.of(
                    "profile", c.profile(), "connection", c.connection(), "status", c.status().name().toLowerCase(), "detail", c.detail())).toList()));
        } else {
            String current = null;
            int width = checks.stream().mapToInt(c -> c.connection().length()).max().orElse(10);
            for (Check c : checks) {
                if (!c.profile().equals(current)) {
                    current = c.profile();
                    ProfileSpec spec = desired.get(ContainerSection.SECTION).profiles().get(current);
                    out.println("profile " + current + " (image " + spec.image() + ", network " + spec.network() + ")");
                }
                out.println(String.format("  %-7s %-" + width + "s  %s", c.status().name().toLowerCase(), c.connection(), c.detail()));
            }
            long deaf = checks.stream().filter(c -> c.status() == Check.Status.DEAF).count();
            long unknown = checks.stream().filter(c -> c.status() == Check.Status.UNKNOWN).count();
            out.println();
            out.println(checks.size() + " connections: " + (checks.size() - deaf - unknown) + " ok, " + deaf + " deaf, " + unknown + " unknown.");
        }
        out.flush();
        return checks.stream().anyMatch(c -> c.status() == Check.Status.DEAF) ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
