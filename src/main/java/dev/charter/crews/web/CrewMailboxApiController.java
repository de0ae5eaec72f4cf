package dev.charter.crews.web;

import dev.charter.crews.internal.CrewMailboxes;
import dev.charter.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A crew's support mailbox (the email channel): set, read, check now, stop. */
@RestController
@RequestMapping("/api/v1/crews")
@Tag(name = "Crews")
class CrewMailboxApiController {

    private final CrewMailboxes mailboxes;

    CrewMailboxApiController(CrewMailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @GetMapping("/{crewId}/mailbox")
    @Operation(summary = "The crew's support mailbox and how far it has been read")
    CrewMailboxes.Mailbox get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId) {
        return mailboxes.get(me.orgId(), crewId);
    }

    @PutMapping("/{crewId}/mailbox")
    @Operation(summary = "Read a support mailbox (an IMAP connection) and answer it (an SMTP connection); admins")
    CrewMailboxes.Mailbox put(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId,
                              @RequestBody CrewMailboxes.MailboxInput in) {
        return mailboxes.configure(me, crewId, in);
    }

    @PostMapping("/{crewId}/mailbox/check")
    @Operation(summary = "Read the mailbox now; admins")
    CrewMailboxes.Mailbox check(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId) {
        return mailboxes.checkNow(me, crewId);
    }

    @DeleteMapping("/{crewId}/mailbox")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Stop reading the mailbox; its conversations stay; admins")
    void delete(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId) {
        mailboxes.remove(me, crewId);
    }
}
