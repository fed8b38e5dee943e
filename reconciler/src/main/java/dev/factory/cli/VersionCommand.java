package dev.factory.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "version", description = "Print factory's version, the commit it was built from and the Java running it.")
final class VersionCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @picocli.CommandLine.Mixin
    FormatOptions.TextOrJson format;

    @Override
    public Integer call() throws Exception {
        var out = root.console().out();
        if (format.asJson()) {
            var fields = new LinkedHashMap<String, String>();
            fields.put("version", Version.version());
            fields.put("commit", Version.commit());
            fields.put("java", Version.java());
            out.println(new ObjectMapper().writeValueAsString(fields));
        } else {
            out.println(new Version().getVersion()[0]);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
