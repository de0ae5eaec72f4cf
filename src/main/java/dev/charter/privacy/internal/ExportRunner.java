package dev.charter.privacy.internal;

import dev.charter.privacy.DataContract;
import dev.charter.privacy.ExportCoverage;
import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Produces one export file ({@code charter.export/v1}, see docs/data-export-schema.md): asks every
 * {@link PersonalDataExporter} in turn, updating the job's progress after each, then stores the file.
 * Refuses to start when the exporters do not cover every data class declared as exported ({@link ExportCoverage}).
 */
@Component
class ExportRunner {

    static final String SCHEMA = "charter.export/v1";
    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

    private final ExportRepository repo;
    private final List<PersonalDataExporter> exporters;
    private final JsonMapper json;
    private final Clock clock;

    ExportRunner(ExportRepository repo, List<PersonalDataExporter> exporters, DataContract contract, JsonMapper json,
                 Clock clock) {
        ExportCoverage.require(contract.dataClasses(), exporters);
        this.repo = repo;
        this.exporters = exporters.stream().sorted(Comparator.comparing(PersonalDataExporter::section)).toList();
        this.json = json;
        this.clock = clock;
    }

    void run(UUID jobId) {
        var job = repo.byId(jobId).orElse(null);
        if (job == null || job.status().equals("DONE") || job.status().equals("FAILED")) {
            return; // deleted with its account meanwhile, or already produced
        }
        OrgId org = new OrgId(job.orgId());
        UserId person = new UserId(job.userId());
        repo.running(jobId, exporters.size() + 1);
        try {
            Map<String, Object> sections = new LinkedHashMap<>();
            int step = 0;
            for (PersonalDataExporter e : exporters) {
                Map<String, Object> section = new LinkedHashMap<>();
                section.put("person", e.exportPerson(org, person));
                if (job.includeOrganization()) {
                    Object o = e.exportOrganization(org);
                    if (o != null) {
                        section.put("organization", o);
                    }
                }
                sections.put(e.section(), section);
                repo.progress(jobId, ++step);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", SCHEMA);
            doc.put("generatedAt", clock.instant().toString());
            doc.put("subject", Map.of("userId", person.toString(), "organizationId", org.toString()));
            doc.put("includesOrganization", job.includeOrganization());
            doc.put("sections", sections);
            repo.done(jobId, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc), clock.instant());
        } catch (RuntimeException e) {
            log.warn("Export {} failed: {}", jobId, e.getClass().getName());
            repo.failed(jobId, "The export could not be produced. Start a new one; if it fails again, tell your administrator.",
                    clock.instant());
        }
    }
}
