package dev.charter.pilots.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every step type this Charter knows, by kind. */
@Component
public class StepKinds {

    private final Map<String, StepType> types = new TreeMap<>();

    StepKinds(List<StepType> types) {
        types.forEach(t -> this.types.put(t.kind(), t));
    }

    public Optional<StepType> get(String kind) {
        return Optional.ofNullable(kind == null ? null : types.get(kind));
    }

    public Collection<StepType> all() {
        return types.values();
    }

    public List<String> names() {
        return List.copyOf(types.keySet());
    }

    public List<StepType.Descriptor> descriptors() {
        return types.values().stream().map(StepType::descriptor).toList();
    }
}
