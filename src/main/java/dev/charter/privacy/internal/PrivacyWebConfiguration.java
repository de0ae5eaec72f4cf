package dev.charter.privacy.internal;

import dev.charter.identity.PublicPaths;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The public paths of the privacy module and the page-view counter. */
@Configuration(proxyBeanMethods = false)
class PrivacyWebConfiguration implements WebMvcConfigurer {

    private final UsageCounter counter;

    PrivacyWebConfiguration(UsageCounter counter) {
        this.counter = counter;
    }

    /** The data contract is public: anyone may read what Charter stores before signing up. */
    @Bean
    PublicPaths privacyContractPaths() {
        return new PublicPaths(List.of("/privacy/contract", "/api/v1/privacy/contract",
                "/privacy/receipts/verify", "/api/v1/privacy/receipts/key"), false);
    }

    /** Receipt verification is a machine endpoint: it carries no session and changes nothing. */
    @Bean
    PublicPaths privacyVerificationPaths() {
        return new PublicPaths(List.of("/api/v1/privacy/receipts/verify"), true);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new PageViewInterceptor(counter)).excludePathPatterns("/api/**", "/actuator/**");
    }
}
