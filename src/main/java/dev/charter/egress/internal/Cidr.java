package dev.charter.egress.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 address range in CIDR notation, parsed without any DNS lookup. */
record Cidr(byte[] network, int prefix, String text) {

    static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR range (an IP address, optionally /prefix)");
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bytes.length * 8);
        }
        return new Cidr(mask(bytes, prefix), prefix, t);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.length && Arrays.equals(mask(a, prefix), network);
    }

    /** The bytes of an IP literal, or null when the text is not one (never resolves a name). */
    static byte[] literal(String text) {
        if (text.isEmpty()) {
            return null;
        }
        boolean v6 = text.indexOf(':') >= 0;
        if (!v6 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        if (v6 && !text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bits));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
