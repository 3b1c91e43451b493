import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;
import org.apache.camel.dsl.jbang.core.commands.Run;
import org.apache.camel.dsl.jbang.core.common.CommandLineHelper;
import picocli.CommandLine;

/*
 * The main class of Camel JBang's `camel` script (CamelJBang.java in camel-jbang-main), without JBang:
 * scripts/camel runs it on camel-jbang-core's class path.
 *
 * `camel run` gets a command line of the run command alone: Camel JBang's own main builds all of its ~115
 * commands (~300 classes and their picocli models, kept for the life of the process) before it runs one.
 * Everything else goes to Camel JBang's main as it is.
 */
public class CamelJBang {
    public static void main(String... args) {
        if (args.length == 0 || !"run".equals(args[0])) {
            CamelJBangMain.run(args);
            return;
        }
        // What CamelJBangMain.run does around its command tree: the pid property, the user's configuration
        // (~/.camel-jbang-user.properties) as defaults, and the exit code as the process's.
        System.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        CamelJBangMain main = new CamelJBangMain();
        CommandLine commandLine = new CommandLine(main).addSubcommand("run", new CommandLine(new Run(main)));
        CommandLineHelper.augmentWithUserConfiguration(commandLine);
        main.quit(commandLine.execute(args));
    }
}
