package dev.charter.web;

import dev.charter.shared.TextInput;
import dev.charter.storage.CharterSettings;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.StreamReadConstraints;

/**
 * {@code CHARTER_MAX_PAYLOAD_BYTES} everywhere a body is read: the container's form and upload parsing, the JSON
 * reader's own limits (one document, one string, the nesting depth of {@link TextInput}), and
 * {@link RequestInputFilter} for every other body. Id records are plain strings in JSON ({@link IdJsonModule}).
 */
@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {

    @Bean
    JsonFactoryBuilderCustomizer charterReadLimits(CharterSettings settings) {
        return factory -> factory.streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(TextInput.MAX_JSON_DEPTH)
                .maxDocumentLength(settings.maxPayloadBytes())
                .maxStringLength(settings.maxPayloadBytes())
                .build());
    }

    @Bean
    JsonMapperBuilderCustomizer charterIds() {
        return mapper -> mapper.addModule(new IdJsonModule());
    }

    @Bean
    MultipartConfigElement multipartConfigElement(CharterSettings settings) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(DataSize.ofBytes(settings.maxPayloadBytes()));
        factory.setMaxRequestSize(DataSize.ofBytes(settings.maxPayloadBytes()));
        return factory.createMultipartConfig();
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> charterPostLimit(CharterSettings settings) {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(settings.maxPayloadBytes()));
    }
}
