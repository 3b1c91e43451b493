package dev.reflect.importer.qdrant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Every name of the importer's collections, in one place: a project's conversations
 * {@code conv_<first 8 hex digits of md5(project)>_<provider>} (as claude-self-reflect's MCP server computes it,
 * {@code mcp-server/src/utils.py}, 2.7.3), the reflections {@code reflections_<provider>}, and the copy a layout
 * upgrade makes, {@code <name>_hybrid}. With QDRANT_COLLECTION_PREFIX each starts with {@code <prefix>_}, so
 * members of a team on one cluster each see their own; without it the names are claude-self-reflect's.
 *
 * @param prefix empty for none, else letters, digits, {@code _} and {@code -}, starting with a letter or digit
 */
public record CollectionNames(String prefix) {

    /** No prefix: the single-user names. */
    public static final CollectionNames UNPREFIXED = new CollectionNames("");
    /** Suffix of the copy a layout upgrade makes; the old name becomes an alias of it. */
    public static final String UPGRADED_SUFFIX = "_hybrid";
    /** What a prefix may hold: legal in Qdrant collection names, storage folders and JWT claims alike. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public CollectionNames {
        if (prefix == null || !prefix.isEmpty() && !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a collection name prefix is 1 to 64 letters, digits, _ or -, "
                    + "starting with a letter or digit");
        }
    }

    /** The conversations of a project (its normalised name), e.g. {@code conv_7f6df0fc_local}. */
    public String conversations(String normalisedProject, String provider) {
        return start() + "conv_" + md5Hex(normalisedProject).substring(0, 8) + "_" + provider;
    }

    /** The reflections collection of a provider, e.g. {@code reflections_local}. */
    public String reflections(String provider) {
        return start() + "reflections_" + provider;
    }

    /** True for the conversations collection of some project, with this prefix (exactly) and provider. */
    public boolean isConversations(String name, String provider) {
        return name.matches(Pattern.quote(start() + "conv_") + "[0-9a-f]{8}" + Pattern.quote("_" + provider));
    }

    /** True for a conversations or reflections collection of this prefix and provider, or the upgrade copy of one. */
    public boolean isOwn(String name, String provider) {
        String base = name.endsWith(UPGRADED_SUFFIX) ? name.substring(0, name.length() - UPGRADED_SUFFIX.length()) : name;
        return isConversations(base, provider) || base.equals(reflections(provider));
    }

    /** The collection a layout upgrade copies {@code name} into. */
    public static String upgraded(String name) {
        return name + UPGRADED_SUFFIX;
    }

    private String start() {
        return prefix.isEmpty() ? "" : prefix + "_";
    }

    private static String md5Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }
}
