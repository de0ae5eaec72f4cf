package dev.charter.perfcases.web;

import dev.charter.shared.UploadRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The routes of Perf cases that take a file: a case's JFR recording, from the API and from the case's page. */
@Configuration(proxyBeanMethods = false)
class PerfcasesUploads {

    @Bean
    UploadRoutes perfcasesProfileUploads() {
        return UploadRoutes.of("a Java Flight Recorder file", "/api/v1/perfcases/cases/{caseId}/profiles/jfr",
                "/perfcases/cases/{caseId}/profiles/jfr");
    }
}
