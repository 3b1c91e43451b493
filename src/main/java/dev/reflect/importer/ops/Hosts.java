package dev.reflect.importer.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What a configured host name says about who can reach it. Shared by the management server and the console (whose
 * jar includes this class: it uses only the JDK).
 */
public final class Hosts {

    private Hosts() {
    }

    /** True for 127.0.0.0/8, ::1 and localhost; a name other than localhost is not looked up. */
    public static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
