package io.meshlens.cli;

import io.meshlens.component.Components;
import io.meshlens.service.BuiltinComponents;
import io.meshlens.service.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code meshlens}: the command line. Each subcommand parses its flags and calls the library. */
@Command(name = "meshlens", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A Collector-compatible metrics pipeline for Linkerd mesh and OpenTelemetry app metrics.",
        subcommands = {RunCommand.class, ValidateCommand.class, LintCommand.class, TargetsCommand.class,
                ComponentsCommand.class,
                DemoCommand.class, StatCommand.class, EdgesCommand.class, CardinalityCommand.class,
                DashboardCommand.class, ExplainCommand.class, BenchCommand.class, SimulateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(BuiltinComponents.create(), args));
    }

    /** Runs the command line against {@code components} (tests add their own test components). */
    public static int execute(Components components, String... args) {
        Logging.installManager();
        CommandLine cl = new CommandLine(new Main(), new ComponentsAwareFactory(components));
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Hands the build's {@link Components} to the subcommands that need them. */
    private record ComponentsAwareFactory(Components components) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(components));
            }
            if (cls == ValidateCommand.class) {
                return cls.cast(new ValidateCommand(components));
            }
            if (cls == TargetsCommand.class) {
                return cls.cast(new TargetsCommand(components));
            }
            if (cls == LintCommand.class) {
                return cls.cast(new LintCommand(components));
            }
            if (cls == ExplainCommand.class) {
                return cls.cast(new ExplainCommand(components));
            }
            if (cls == ComponentsCommand.class) {
                return cls.cast(new ComponentsCommand(components));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
