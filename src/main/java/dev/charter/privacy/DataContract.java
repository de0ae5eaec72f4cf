package dev.charter.privacy;

import java.util.List;
import java.util.Optional;

/** The registry of every declared data class: what is stored, why, for how long (RET-1). */
public interface DataContract {

    /** Every declared data class, ordered by module and name. */
    List<DataClass> dataClasses();

    Optional<DataClass> dataClass(String name);

    /** Commitments that hold for all data, shown on top of the contract page (DSR-6). */
    List<String> commitments();
}
