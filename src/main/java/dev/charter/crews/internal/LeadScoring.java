package dev.charter.crews.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lead score, from 0 to 100, computed by Charter from what the contact and the conversation give, with the
 * factors behind it and a confidence that grows with the evidence (docs/crews.md, "Lead score"). Deterministic and
 * local: contact details never go to a model for it.
 *
 * <ul>
 *   <li>10 to start;</li>
 *   <li>+15 for an email at an organization's own domain (a free-mail domain adds nothing);</li>
 *   <li>+20 for a company; +5 for a name; +5 for a phone number;</li>
 *   <li>+5 for each of the crew's lead fields the contact's fields answer, at most +20;</li>
 *   <li>+8 for each distinct buying phrase in the contact's messages (pricing, quote, demo, trial, buy, …), at most +24;</li>
 *   <li>−25 for each distinct phrase against buying (just browsing, not interested, student, unsubscribe, …), at most −50.</li>
 * </ul>
 *
 * The band is cold under 40, warm from 40 and hot from 70. The confidence is {@code 0.2 + 0.75 × evidence / 6} over
 * six pieces of evidence (an email, a company, a name or phone, any lead field, any buying or non-buying phrase, two
 * or more messages of the contact); the runner-up is the nearest other band, and the margin shrinks as the score
 * nears that band's boundary (full at 20 points or more away).
 */
final class LeadScoring {

    static final String PROVIDER = "charter-local/lead-score-1";

    /** A scored lead: the score, its band, the runner-up band and the two confidences, the factors. */
    record Score(int score, String band, String runnerUp, double confidence, double runnerUpConfidence, List<String> factors,
                 String effect) {}

    static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com",
            "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mail.com", "gmx.de", "gmx.net",
            "web.de", "proton.me", "protonmail.com", "yandex.ru", "qq.com", "163.com");

    private static final Pattern BUYING = Pattern.compile(
            "\\b(pric(e|es|ing)|quote|quotation|demo|trial|buy(ing)?|purchas(e|ing)|subscri(be|ption)|contract|licen[cs]es?|"
                    + "seats|upgrade|enterprise|invoice|how much|cost)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern AGAINST = Pattern.compile(
            "\\b(just (browsing|looking)|not interested|no budget|student|homework|unsubscribe|stop (contacting|emailing)|"
                    + "spam|wrong (number|person|address))\\b", Pattern.CASE_INSENSITIVE);

    /** Under this score with enough evidence, the lead is proposed for disqualification. */
    static final int DISQUALIFY_UNDER = 20;
    static final int WARM = 40;
    static final int HOT = 70;

    private LeadScoring() {}

    static Score score(Contacts.Contact contact, List<String> leadFields, List<String> contactTexts) {
        List<String> factors = new ArrayList<>();
        int score = 10;
        int evidence = 0;
        factors.add("start +10");
        if (contact.email() != null) {
            evidence++;
            String domain = contact.email().substring(contact.email().indexOf('@') + 1).toLowerCase(Locale.ROOT);
            if (FREE_MAIL.contains(domain)) {
                factors.add("free-mail address +0");
            } else {
                score += 15;
                factors.add("email at an organization's domain +15");
            }
        }
        if (present(contact.company())) {
            evidence++;
            score += 20;
            factors.add("company given +20");
        }
        if (present(contact.name()) || present(contact.phone())) {
            evidence++;
        }
        if (present(contact.name())) {
            score += 5;
            factors.add("name given +5");
        }
        if (present(contact.phone())) {
            score += 5;
            factors.add("phone given +5");
        }
        int answered = 0;
        Set<String> keys = new LinkedHashSet<>();
        contact.fields().forEach((k, v) -> {
            if (present(v)) {
                keys.add(norm(k));
            }
        });
        for (String f : leadFields) {
            if (keys.contains(norm(f))) {
                answered++;
            }
        }
        if (answered > 0) {
            evidence++;
            int add = Math.min(20, 5 * answered);
            score += add;
            factors.add(answered + " lead field(s) answered +" + add);
        }
        String text = String.join("\n", contactTexts);
        Set<String> buying = distinct(BUYING.matcher(text));
        Set<String> against = distinct(AGAINST.matcher(text));
        if (!buying.isEmpty() || !against.isEmpty()) {
            evidence++;
        }
        if (!buying.isEmpty()) {
            int add = Math.min(24, 8 * buying.size());
            score += add;
            factors.add("buying phrases (" + String.join(", ", buying) + ") +" + add);
        }
        if (!against.isEmpty()) {
            int sub = Math.min(50, 25 * against.size());
            score -= sub;
            factors.add("phrases against buying (" + String.join(", ", against) + ") -" + sub);
        }
        if (contactTexts.size() >= 2) {
            evidence++;
        }
        score = Math.max(0, Math.min(100, score));
        double confidence = round(0.2 + 0.75 * evidence / 6.0);
        String band = score >= HOT ? "hot" : score >= WARM ? "warm" : "cold";
        String runnerUp;
        int distance;
        if (band.equals("hot")) {
            runnerUp = "warm";
            distance = score - HOT + 1;
        } else if (band.equals("cold")) {
            runnerUp = "warm";
            distance = WARM - score;
        } else if (score - WARM + 1 <= HOT - score) {
            runnerUp = "cold";
            distance = score - WARM + 1;
        } else {
            runnerUp = "hot";
            distance = HOT - score;
        }
        double share = Math.min(1.0, distance / 20.0);
        double runnerUpConfidence = round(confidence * (1 - share));
        String effect = score >= HOT ? "route-to-sales" : score < DISQUALIFY_UNDER && evidence >= 2 ? "disqualify-lead" : null;
        factors.add("band " + band + " (evidence " + evidence + "/6)");
        return new Score(score, band, runnerUp, confidence, runnerUpConfidence, List.copyOf(factors), effect);
    }

    private static Set<String> distinct(Matcher m) {
        Set<String> out = new LinkedHashSet<>();
        while (m.find()) {
            out.add(m.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
