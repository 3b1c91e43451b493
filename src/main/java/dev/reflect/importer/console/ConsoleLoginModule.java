package dev.reflect.importer.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * The JAAS login module behind Hawtio's login page when the console listens beyond the loopback interface: it
 * accepts exactly one user, {@code MANAGEMENT_USER} with {@code MANAGEMENT_PASSWORD}, and gives it the role
 * {@value #ROLE}.
 *
 * <p>Its options ({@link #options}) hold the user name and the SHA-256 digest of the password, never the password
 * itself; the comparison takes the same time whatever is wrong. Failure messages name neither the user name that
 * was typed nor the password, since Hawtio logs them.
 */
public final class ConsoleLoginModule implements LoginModule {

    /** The role Hawtio requires ({@code hawtio.roles}) and this module grants. */
    public static final String ROLE = "admin";

    static final String USER_OPTION = "user";
    static final String PASSWORD_DIGEST_OPTION = "password.sha256";

    private Subject subject;
    private CallbackHandler callbackHandler;
    private String expectedUser;
    private byte[] expectedPasswordDigest;
    private boolean succeeded;
    private UserPrincipal user;
    private RolePrincipal role;

    /** JAAS creates login modules through this constructor. */
    public ConsoleLoginModule() {
    }

    /** The options of this module for {@code user} and {@code password}: the user name and the password's digest. */
    static Map<String, Object> options(String user, String password) {
        Map<String, Object> options = new HashMap<>();
        options.put(USER_OPTION, Objects.requireNonNull(user, "user"));
        options.put(PASSWORD_DIGEST_OPTION, sha256(Objects.requireNonNull(password, "password").toCharArray()));
        return options;
    }

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.callbackHandler = callbackHandler;
        this.expectedUser = options.get(USER_OPTION) instanceof String u ? u : null;
        this.expectedPasswordDigest = options.get(PASSWORD_DIGEST_OPTION) instanceof byte[] d ? d.clone() : null;
    }

    @Override
    public boolean login() throws LoginException {
        succeeded = false;
        if (expectedUser == null || expectedPasswordDigest == null) {
            throw new LoginException("The console's login module has no user configured");
        }
        if (callbackHandler == null) {
            throw new LoginException("The console's login module needs a callback handler for the user and password");
        }
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbackHandler.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("Could not ask for the user name and password: " + e.getClass().getSimpleName());
        }
        char[] typed = password.getPassword();
        password.clearPassword();
        byte[] typedDigest = sha256(typed == null ? new char[0] : typed);
        if (typed != null) {
            Arrays.fill(typed, '\0');
        }
        String typedUser = name.getName() == null ? "" : name.getName();
        boolean userMatches = MessageDigest.isEqual(sha256(typedUser.toCharArray()), sha256(expectedUser.toCharArray()));
        boolean passwordMatches = MessageDigest.isEqual(typedDigest, expectedPasswordDigest);
        if (!(userMatches & passwordMatches)) {
            throw new FailedLoginException("Wrong user name or password");
        }
        succeeded = true;
        return true;
    }

    @Override
    public boolean commit() {
        if (!succeeded) {
            return false;
        }
        user = new UserPrincipal(expectedUser);
        role = new RolePrincipal(ROLE);
        subject.getPrincipals().add(user);
        subject.getPrincipals().add(role);
        return true;
    }

    @Override
    public boolean abort() {
        boolean ours = succeeded;
        removePrincipals();
        succeeded = false;
        return ours;
    }

    @Override
    public boolean logout() {
        removePrincipals();
        succeeded = false;
        return true;
    }

    private void removePrincipals() {
        if (subject != null && !subject.isReadOnly()) {
            if (user != null) {
                subject.getPrincipals().remove(user);
            }
            if (role != null) {
                subject.getPrincipals().remove(role);
            }
        }
        user = null;
        role = null;
    }

    private static byte[] sha256(char[] text) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        try {
            return MessageDigest.getInstance("SHA-256").digest(array);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        } finally {
            Arrays.fill(array, (byte) 0);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }

    /**
     * The logged-in user. Hawtio shows a principal's name as the user name when its class's simple name is
     * {@code UserPrincipal}.
     */
    public static final class UserPrincipal extends NamedPrincipal {
        /** @param name the user name */
        public UserPrincipal(String name) {
            super(name);
        }
    }

    /** The user's role; its class name is Hawtio's {@code hawtio.rolePrincipalClasses}. */
    public static final class RolePrincipal extends NamedPrincipal {
        /** @param name the role */
        public RolePrincipal(String name) {
            super(name);
        }
    }

    /** A principal that is its name; equal to principals of the same class and name. */
    abstract static class NamedPrincipal implements Principal {
        private final String name;

        NamedPrincipal(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean equals(Object other) {
            return other != null && other.getClass() == getClass() && ((NamedPrincipal) other).name.equals(name);
        }

        @Override
        public int hashCode() {
            return getClass().hashCode() * 31 + name.hashCode();
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[" + name + "]";
        }
    }
}
