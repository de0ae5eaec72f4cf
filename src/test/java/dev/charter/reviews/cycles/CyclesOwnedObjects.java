package dev.charter.reviews.cycles;

import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/** A review cycle with one review (the owner reviews themself), for the ownership test's walk over every route. */
public class CyclesOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        String cycle = CycleFixtures.cycle(owner, "Owned cycle", "2026-10-01", "2026-12-31");
        String review = CycleFixtures.review(owner, cycle, owner.user(), owner.user());
        return Map.of("cycleId", cycle, "reviewId", review);
    }
}
