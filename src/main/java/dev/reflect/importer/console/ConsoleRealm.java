package dev.reflect.importer.console;

import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;

/**
 * Hawtio's JAAS realm {@value #NAME} without files: one {@link ConsoleLoginModule} for {@code MANAGEMENT_USER} and
 * {@code MANAGEMENT_PASSWORD}. {@link #install()} makes it the process's JAAS configuration and points Hawtio's
 * login at it. Neither this object nor the system properties hold the password.
 */
final class ConsoleRealm extends Configuration {

    /** Hawtio's default realm ({@code hawtio.realm}). */
    static final String NAME = "hawtio";

    private final String user;
    private final AppConfigurationEntry[] entries;

    ConsoleRealm(String user, String password) {
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("The console's login needs a user name and a password");
        }
        this.user = user;
        Map<String, Object> options = ConsoleLoginModule.options(user, password);
        this.entries = new AppConfigurationEntry[] {
                new AppConfigurationEntry(ConsoleLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, options)};
    }

    /** The one user who may log in. */
    String user() {
        return user;
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return NAME.equals(name) ? entries.clone() : null;
    }

    /** This realm for every JAAS login of the process, and Hawtio's login switched on and pointed at it. */
    void install() {
        Configuration.setConfiguration(this);
        System.setProperty("hawtio.authenticationEnabled", "true");
        System.setProperty("hawtio.realm", NAME);
        System.setProperty("hawtio.roles", ConsoleLoginModule.ROLE);
        System.setProperty("hawtio.rolePrincipalClasses", ConsoleLoginModule.RolePrincipal.class.getName());
    }

    @Override
    public String toString() {
        return "ConsoleRealm[" + NAME + ", user " + user + "]";
    }
}
