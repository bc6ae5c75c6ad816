package org.nas4j.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import org.nas4j.djl.engine.NativeAllocator;
import org.nas4j.config.ConfigException;
import org.nas4j.data.DatasetException;
import org.nas4j.search.StudyException;
import org.nas4j.space.SearchSpaceException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code nas4j} command. Exit codes: 0 success, 1 a failure while running, 2 bad input (unknown
 * command or flag, a value out of range, a malformed file). Stack traces only with {@code --verbose}.
 */
public final class Main {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILURE = 1;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with these streams and returns the exit code; tests call this. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        NativeAllocator.tune(); // before the engine's first allocation, whichever command runs
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Nas4jCommand());
        // Commands of other modules on the class path (nas4j-bench's toys and benchmarks).
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
            plugin.register(commandLine);
        }
        commandLine.setParameterExceptionHandler(Main::badParameters);
        commandLine.setExecutionExceptionHandler(failure());
        return commandLine;
    }

    private static int badParameters(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options and examples.");
        if (Nas4jCommand.isVerbose(args)) {
            e.printStackTrace(err);
        }
        return EXIT_BAD_INPUT;
    }

    private static IExecutionExceptionHandler failure() {
        return (Exception e, CommandLine command, ParseResult parseResult) -> {
            PrintWriter err = command.getErr();
            boolean badInput = e instanceof UserInputException || e instanceof SearchSpaceException
                    || e instanceof ConfigException || e instanceof DatasetException || e instanceof StudyException;
            err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            if (Nas4jCommand.isVerbose(parseResult.originalArgs().toArray(new String[0]))) {
                e.printStackTrace(err);
            } else if (!badInput) {
                err.println("Run again with --verbose for the stack trace.");
            }
            return badInput ? EXIT_BAD_INPUT : EXIT_FAILURE;
        };
    }
}
