package dev.charter.identity.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.scrypt.SCryptPasswordEncoder;

/** ACC-1: passwords are kept only as scrypt hashes with a random per-user salt. */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    @Bean
    PasswordEncoder passwordEncoder(IdentitySettings settings) {
        var s = settings.scrypt();
        return new SCryptPasswordEncoder(s.cpuCost(), s.memoryCost(), s.parallelization(), s.keyLength(), s.saltLength());
    }
}
