package dev.charter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Charter: four AI products on one trust kernel. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CharterApplication {

    public static void main(String[] args) {
        SpringApplication.run(CharterApplication.class, args);
    }
}
