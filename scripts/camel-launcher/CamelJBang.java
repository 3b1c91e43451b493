/*
 * The main class of Camel JBang's `camel` script (CamelJBang.java in camel-jbang-main), without JBang:
 * scripts/camel runs this file with Java's single-file source launcher on camel-jbang-core's class path.
 */
public class CamelJBang {
    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
