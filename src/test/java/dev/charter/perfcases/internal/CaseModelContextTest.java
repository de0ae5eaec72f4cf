package dev.charter.perfcases.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.charter.perfcases.LogAggregate;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.ProfileSummary;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * PRF-11 by type: the model context of a case accepts a case, log aggregates and flame summaries, nothing else, and
 * both are made only where an aggregate answer (or a profile's frames and values) is read. A String, a row, a map, a span or a JSON tree has no way in.
 */
class CaseModelContextTest {

    static final Set<Class<?>> ACCEPTED = Set.of(PerfCase.class, LogAggregate.class, ProfileSummary.class, SourceChange.class,
            JsonMapper.class);

    @Test
    @Tag("claim:PRF-11")
    void everyEntryPointTakesOnlyAggregateTypes() {
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : List.of(CaseModelContext.class, CaseModelContext.Builder.class)) {
            Stream.<Executable>concat(Stream.of(type.getDeclaredMethods()), Stream.of(type.getDeclaredConstructors()))
                    .filter(e -> !Modifier.isPrivate(e.getModifiers()) && !e.isSynthetic())
                    .forEach(e -> {
                        for (Class<?> p : e.getParameterTypes()) {
                            if (!ACCEPTED.contains(p)) {
                                offenders.add(type.getSimpleName() + "." + e.getName() + "(" + p.getSimpleName() + ")");
                            }
                        }
                    });
        }
        assertThat(offenders).as("entry points of the model context that take something other than aggregates").isEmpty();
    }

    @Test
    @Tag("claim:PRF-11")
    void logAggregatesAreMadeOnlyFromAggregateAnswers() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.charter");
        noClasses().that().doNotHaveFullyQualifiedName(LogReaders.class.getName())
                .and().doNotHaveFullyQualifiedName(LogSourceRepository.class.getName())
                .and().doNotHaveFullyQualifiedName(LogAggregate.class.getName())
                .and().doNotHaveFullyQualifiedName(LogAggregate.Group.class.getName())
                .should().callConstructorWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a log aggregate's constructor",
                        c -> c.getTarget().getOwner().isEquivalentTo(LogAggregate.class)
                                || c.getTarget().getOwner().isEquivalentTo(LogAggregate.Group.class)))
                .because("PRF-11: only the log readers make aggregates, from aggregate answers")
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName(CaseProfileService.class.getName())
                .and().doNotHaveFullyQualifiedName(FlameSummaryRepository.class.getName())
                .and().doNotHaveFullyQualifiedName(ProfileSummary.class.getName())
                .should().callConstructorWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a flame summary's constructor",
                        c -> c.getTarget().getOwner().isEquivalentTo(ProfileSummary.class)
                                || c.getTarget().getOwner().isEquivalentTo(ProfileSummary.Frame.class)))
                .because("PRF-11: only the profile readers make flame summaries, from frames and sample values")
                .check(classes);
        // the model is reached from Perf cases only through the summary service and the agent's proposed fix, both of
        // which build their data from the context
        noClasses().that().resideInAPackage("dev.charter.perfcases..")
                .and().doNotHaveFullyQualifiedName(CaseSummaryService.class.getName())
                .and().doNotHaveFullyQualifiedName(AgentSessionService.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName(dev.charter.ai.AiGateway.class.getName())
                .check(classes);
        // the repository's code in the context is only what the agent read from the repository in its sandbox
        noClasses().that().doNotHaveFullyQualifiedName(AgentRun.class.getName())
                .and().doNotHaveFullyQualifiedName(SourceChange.class.getName())
                .should().callConstructorWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a source change's constructor",
                        c -> c.getTarget().getOwner().isEquivalentTo(SourceChange.class)
                                || c.getTarget().getOwner().isEquivalentTo(SourceChange.File.class)))
                .because("PRF-11: a model sees the repository's code only as the agent read it from the case's repository")
                .check(classes);
    }
}
