package dev.charter.privacy.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.DataContract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Collects every module's {@link DataClasses} into the one registry; refuses duplicate names at startup. */
@Component
class DataClassRegistry implements DataContract {

    static final List<String> COMMITMENTS = List.of(
            "Customer data is never used to train machine-learning models, neither by Charter nor by any model "
                    + "provider it talks to on your behalf.",
            "Data never crosses organizations: every query is scoped to one organization, and one organization's "
                    + "exports and analytics never contain another's data.",
            "Analytics are first-party only: page views are counted per organization, day and page, without a user id, "
                    + "address or cookie, and not at all when your browser sends Do Not Track or Global Privacy Control.",
            "Nothing is sold, and nothing is shared with third parties for advertising.");

    private final List<DataClass> classes;
    private final Map<String, DataClass> byName = new HashMap<>();

    DataClassRegistry(List<DataClasses> declarations) {
        List<DataClass> all = new ArrayList<>();
        for (DataClasses d : declarations) {
            for (DataClass c : d.classes()) {
                DataClass previous = byName.putIfAbsent(c.name(), c);
                if (previous != null) {
                    throw new IllegalStateException("Data class " + c.name() + " is declared twice (modules "
                            + previous.module() + " and " + c.module() + "); declare each kind of data once.");
                }
                all.add(c);
            }
        }
        all.sort(Comparator.comparing(DataClass::module).thenComparing(DataClass::name));
        this.classes = List.copyOf(all);
    }

    @Override
    public List<DataClass> dataClasses() {
        return classes;
    }

    @Override
    public Optional<DataClass> dataClass(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<String> commitments() {
        return COMMITMENTS;
    }
}
