package dev.charter.reviews.calls.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.reviews.calls.internal.InternalMeetingRule.Attendee;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** REV-6, case by case. */
@Tag("claim:REV-6")
class InternalMeetingRuleTest {

    private final InternalMeetingRule rule = new InternalMeetingRule(List.of("example.com", "Example.ORG"));

    @Test
    void onlyInternalPeopleIsSkipped() {
        var d = rule.meeting(List.of(new Attendee("A", "a@example.com"), new Attendee("B", "b@example.org")));
        assertThat(d.analyse()).isFalse();
        assertThat(d.internal()).isEqualTo(2);
        assertThat(d.reason()).contains("internal meeting");
    }

    @Test
    void matchingIsCaseInsensitiveAndIncludesSubdomains() {
        var d = rule.meeting(List.of(new Attendee("A", "Ana@SALES.Example.Com"), new Attendee("B", "b@eu.hq.example.org")));
        assertThat(d.analyse()).isFalse();
        assertThat(d.internal()).isEqualTo(2);
    }

    @Test
    void aLookAlikeDomainIsExternal() {
        assertThat(rule.meeting(List.of(new Attendee("A", "a@example.com"), new Attendee("X", "x@notexample.com"))).analyse())
                .isTrue();
        assertThat(rule.meeting(List.of(new Attendee("A", "a@example.com"), new Attendee("X", "x@example.com.evil.test")))
                .analyse()).isTrue();
    }

    @Test
    void oneExternalAttendeeIsEnough() {
        var d = rule.meeting(List.of(new Attendee("A", "a@example.com"), new Attendee("C", "c@customer.test")));
        assertThat(d.analyse()).isTrue();
        assertThat(d.external()).isEqualTo(1);
    }

    @Test
    void internalPeopleWithOneUnknownGuestIsSkipped() {
        var d = rule.meeting(List.of(new Attendee("A", "a@example.com"), new Attendee("B", "b@example.com"),
                new Attendee("Guest", null), new Attendee("Dial-in", " ")));
        assertThat(d.analyse()).isFalse();
        assertThat(d.unknown()).isEqualTo(2);
        assertThat(d.reason()).contains("2 without an email, not counted as external");
    }

    @Test
    void withoutListedDomainsNothingCanBeToldExternalSoEveryMeetingIsExternal() {
        // with no domains every address is outside them: the page asks admins to list their domains first
        var none = new InternalMeetingRule(List.of());
        assertThat(none.meeting(List.of(new Attendee("A", "a@example.com"))).analyse()).isTrue();
        assertThat(none.meeting(List.of(new Attendee("Guest", null))).analyse()).isFalse();
    }

    @Test
    void aircallCallsAreExternal() {
        assertThat(InternalMeetingRule.aircall().analyse()).isTrue();
    }
}
