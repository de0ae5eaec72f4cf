package dev.charter;

import dev.charter.audit.AuditBundleCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Charter: four AI products on one trust kernel. */
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
@EnableScheduling
public class CharterApplication {

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
        SpringApplication.run(CharterApplication.class, args);
    }
}
