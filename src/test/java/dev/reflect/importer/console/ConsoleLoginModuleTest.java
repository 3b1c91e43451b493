package dev.reflect.importer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.Test;

/** {@link ConsoleLoginModule} through JAAS, as Hawtio's login runs it: a {@link LoginContext} on the realm. */
class ConsoleLoginModuleTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "correct horse battery staple";

    private final ConsoleRealm realm = new ConsoleRealm(USER, PASSWORD);

    @Test
    void should_add_the_user_and_the_admin_role_for_the_right_user_and_password() throws LoginException {
        Subject subject = new Subject();

        login(subject, USER, PASSWORD);

        assertThat(subject.getPrincipals()).containsExactlyInAnyOrder(
                new ConsoleLoginModule.UserPrincipal(USER), new ConsoleLoginModule.RolePrincipal(ConsoleLoginModule.ROLE));
        assertThat(subject.getPrincipals().stream().map(p -> p.getClass().getSimpleName()))
                .as("Hawtio takes the user name from a principal of this simple class name")
                .contains("UserPrincipal");
    }

    @Test
    void should_refuse_a_wrong_password() {
        Subject subject = new Subject();

        assertThatThrownBy(() -> login(subject, USER, PASSWORD + "!")).isInstanceOf(FailedLoginException.class);
        assertThat(subject.getPrincipals()).isEmpty();
    }

    @Test
    void should_refuse_a_wrong_user() {
        Subject subject = new Subject();

        assertThatThrownBy(() -> login(subject, "root", PASSWORD)).isInstanceOf(FailedLoginException.class);
        assertThat(subject.getPrincipals()).isEmpty();
    }

    @Test
    void should_refuse_an_empty_password() {
        assertThatThrownBy(() -> login(new Subject(), USER, "")).isInstanceOf(FailedLoginException.class);
    }

    @Test
    void should_name_neither_the_password_nor_the_typed_user_in_its_failures() {
        String typedUser = "someone-" + PASSWORD.hashCode();
        String typedPassword = PASSWORD + "-almost";

        assertThatThrownBy(() -> login(new Subject(), USER, typedPassword))
                .satisfies(e -> assertThat(messages(e)).doesNotContain(typedPassword, PASSWORD));
        assertThatThrownBy(() -> login(new Subject(), typedUser, PASSWORD))
                .satisfies(e -> assertThat(messages(e)).doesNotContain(typedUser, PASSWORD));
    }

    @Test
    void should_remove_its_principals_on_logout() throws LoginException {
        Subject subject = new Subject();
        LoginContext context = login(subject, USER, PASSWORD);

        context.logout();

        assertThat(subject.getPrincipals()).isEmpty();
    }

    @Test
    void should_keep_the_password_out_of_its_options() {
        Map<String, ?> options = realm.getAppConfigurationEntry(ConsoleRealm.NAME)[0].getOptions();

        assertThat(options.values()).noneMatch(v -> v.toString().contains(PASSWORD));
        assertThat(options.values().stream().filter(byte[].class::isInstance).map(v -> new String((byte[]) v)))
                .noneMatch(v -> v.contains(PASSWORD));
        assertThat(realm.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void should_configure_no_other_realm() {
        assertThat(realm.getAppConfigurationEntry("other")).isNull();
    }

    @Test
    void should_fail_with_a_login_exception_when_it_cannot_ask_for_the_password() {
        assertThatThrownBy(() -> new LoginContext(ConsoleRealm.NAME, new Subject(), callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0]);
        }, realm).login()).isInstanceOf(LoginException.class).isNotInstanceOf(FailedLoginException.class);
    }

    private LoginContext login(Subject subject, String user, String password) throws LoginException {
        LoginContext context = new LoginContext(ConsoleRealm.NAME, subject, callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback secret) {
                    secret.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        }, realm);
        context.login();
        return context;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
