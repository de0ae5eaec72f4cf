package dev.charter.crews.internal;

import dev.charter.shared.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a channel or an admin says about a contact; every part may be missing.
 *
 * @param fields the organization's own fields (at most 30, names up to 60 characters, values up to 1,000)
 */
public record ContactInput(String name, String email, String phone, String company, Map<String, String> fields) {

    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]{1,64}@[^\\s@]{1,255}\\.[^\\s@]{1,63}$");
    private static final Pattern PHONE = Pattern.compile("^[0-9+() .\\-/]{3,40}$");

    public ContactInput {
        name = blankToNull(name);
        email = blankToNull(email);
        phone = blankToNull(phone);
        company = blankToNull(company);
        fields = fields == null ? Map.of() : fields;
    }

    public static ContactInput none() {
        return new ContactInput(null, null, null, null, null);
    }

    /** This input with its problems reported at once, under {@code prefix}. */
    ContactInput validated(String prefix) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name != null && name.length() > 200) {
            errors.put(prefix + "name", "A name holds at most 200 characters.");
        }
        if (email != null && (email.length() > 320 || !EMAIL.matcher(email).matches())) {
            errors.put(prefix + "email", "Give an email address such as ada@example.com.");
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.put(prefix + "phone", "A phone number holds digits, spaces, +, (, ), -, . or / (3 to 40 characters).");
        }
        if (company != null && company.length() > 200) {
            errors.put(prefix + "company", "A company name holds at most 200 characters.");
        }
        Map<String, String> clean = new LinkedHashMap<>();
        if (fields.size() > 30) {
            errors.put(prefix + "fields", "At most 30 fields.");
        }
        fields.forEach((k, v) -> {
            String key = k == null ? "" : k.strip();
            if (key.isEmpty() || key.length() > 60 || (v != null && v.length() > 1000)) {
                errors.put(prefix + "fields", "Each field has a name of 1 to 60 characters and a value of at most 1,000.");
            } else if (v != null && !v.isBlank()) {
                clean.put(key, v.strip());
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new ContactInput(name, email, phone, company, clean);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
