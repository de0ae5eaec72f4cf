package dev.charter.egress;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/**
 * An email address as a header names it ({@code Ada Lovelace <ada@example.com>}), parsed by the mail library egress
 * uses, for modules that read mail through the {@link MailboxGateway} (they may not use the mail library themselves).
 *
 * @param name    the display name, or null
 * @param address the address itself, {@code local@domain}
 */
public record MailAddress(String name, String address) {

    /** The first address of a header such as {@code From}, or empty when it names none Charter can read. */
    public static Optional<MailAddress> first(String header) {
        if (header == null || header.isBlank() || header.length() > 2000) {
            return Optional.empty();
        }
        try {
            InternetAddress[] all = InternetAddress.parseHeader(header, false);
            if (all.length == 0 || all[0].getAddress() == null || all[0].getAddress().indexOf('@') <= 0) {
                return Optional.empty();
            }
            String name = all[0].getPersonal();
            return Optional.of(new MailAddress(name == null || name.isBlank() ? null : name.strip(), all[0].getAddress()));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} is one plain address ({@code local@domain}, no display name), as a sender may be. */
    public static boolean plain(String address) {
        if (address == null || address.isEmpty() || address.length() > 320) {
            return false;
        }
        try {
            InternetAddress a = new InternetAddress(address, true);
            return a.getPersonal() == null && a.getAddress().equals(address) && address.indexOf('@') > 0;
        } catch (AddressException e) {
            return false;
        }
    }
}
