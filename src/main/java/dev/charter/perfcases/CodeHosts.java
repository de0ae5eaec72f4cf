package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.UUID;

/** The organization's GitHub App installations (PRF-13). */
public interface CodeHosts {

    List<CodeHost> list(OrgId org);

    /** The installation, or {@link dev.charter.shared.NotFoundException}. */
    CodeHost get(OrgId org, UUID id);

    /** Stores an installation and its two secrets (admins). */
    CodeHost connect(CurrentUser me, NewCodeHost host);

    /** Ends an installation for good (admins): every session's next request to it is refused. */
    CodeHost remove(CurrentUser me, UUID id);

    /**
     * A webhook delivery from the App for the installation {@code id}: its {@code X-Hub-Signature-256} is checked
     * against the stored webhook secret before anything is read; an {@code installation} event that deletes or
     * suspends the installation ends access at once.
     *
     * @return the status and body to answer with: 401 for a missing or wrong signature (nothing read or changed)
     * @throws dev.charter.shared.NotFoundException for an unknown installation
     */
    WebhookAnswer webhook(UUID id, String event, String signature, byte[] body);

    /** What a webhook delivery is answered with. */
    record WebhookAnswer(int status, java.util.Map<String, Object> body) {}
}
