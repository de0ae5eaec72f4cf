package dev.charter;

import dev.charter.audit.AuditBundleCommand;
import dev.charter.operations.AdminCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Charter: four AI products on one trust kernel. */
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
public class CharterApplication {

    /** Scheduled tasks run in the server; the admin command line switches them off. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnProperty(name = "charter.scheduling.enabled", havingValue = "true", matchIfMissing = true)
    static class Scheduling {}

    /** The one clock every module reads time from, so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        if (AuditBundleCommand.wants(args)) {
            // the offline audit verifier: a command-line report, no server
            System.exit(AuditBundleCommand.run(args, System.out));
        }
        if (AdminCommandLine.wants(args)) {
            // the admin command line: backup, restore, audit verify, ... (docs/operations.md)
            System.exit(AdminCommandLine.run(args, CharterApplication.class, System.out));
        }
        SpringApplication.run(CharterApplication.class, args);
    }
}
