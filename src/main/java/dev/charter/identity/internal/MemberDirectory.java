package dev.charter.identity.internal;

import dev.charter.identity.Members;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.List;
import org.springframework.stereotype.Component;

@Component
class MemberDirectory implements Members {

    private final IdentityRepository repo;

    MemberDirectory(IdentityRepository repo) {
        this.repo = repo;
    }

    @Override
    public List<Member> of(OrgId org) {
        return repo.members(org).stream()
                .map(r -> new Member(new UserId(r.userId()), r.email(), r.displayName()))
                .toList();
    }
}
