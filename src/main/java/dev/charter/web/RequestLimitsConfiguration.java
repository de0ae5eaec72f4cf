package dev.charter.web;

import dev.charter.storage.CharterSettings;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * {@code CHARTER_MAX_PAYLOAD_BYTES} everywhere a body is read: the container's form and upload parsing here, and
 * {@link RequestInputFilter} for every other body, before the JSON reader sees it (size and nesting depth). The
 * application's JSON mapper keeps Jackson's own limits: it also reads provider answers (up to egress's response
 * limits) and exports, which are not request bodies. Id records are plain strings in JSON ({@link IdJsonModule}).
 */
@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {

    @Bean
    JsonMapperBuilderCustomizer charterIds() {
        return mapper -> mapper.addModule(new IdJsonModule());
    }

    @Bean
    MultipartConfigElement multipartConfigElement(CharterSettings settings) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        // the upload limit; every route but a declared upload route is held to the payload limit before its parts
        // are parsed (RequestInputFilter, which sees the buffered body's real length)
        factory.setMaxFileSize(DataSize.ofBytes(settings.maxUploadBytes()));
        factory.setMaxRequestSize(DataSize.ofBytes(settings.maxUploadBytes()));
        return factory.createMultipartConfig();
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> charterPostLimit(CharterSettings settings) {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(settings.maxUploadBytes()));
    }
}
