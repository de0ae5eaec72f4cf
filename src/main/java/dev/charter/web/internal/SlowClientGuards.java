package dev.charter.web.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import java.util.EnumSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts the slow-client guards in place (docs/adr/0100-slow-clients.md): Tomcat's NIO connector with a per-address
 * connection cap and a header deadline ({@link GuardedNioProtocol}), and a filter that reads every body without a
 * worker thread and within a deadline ({@link BodyDeadlineFilter}).
 */
@Configuration(proxyBeanMethods = false)
class SlowClientGuards {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> guardedConnector(ServerSettings settings) {
        return factory -> {
            factory.setProtocol(GuardedNioProtocol.class.getName());
            factory.addConnectorCustomizers(guards(settings));
        };
    }

    static TomcatConnectorCustomizer guards(ServerSettings settings) {
        return connector -> {
            if (connector.getProtocolHandler() instanceof GuardedNioProtocol protocol) {
                int header = (int) Math.min(Integer.MAX_VALUE, settings.headerDeadline().toMillis());
                // silence before the first byte, and between requests on a kept-alive connection, counts the same
                protocol.setConnectionTimeout(header);
                protocol.setKeepAliveTimeout(header);
                protocol.setHeaderDeadline(header);
                protocol.setMaxConnectionsPerAddress(settings.maxConnectionsPerAddress());
            }
        };
    }

    @Bean
    FilterRegistrationBean<BodyDeadlineFilter> bodyDeadlineFilter(ServerSettings settings,
                                                                 ObjectProvider<MultipartConfigElement> multipart) {
        var registration = new FilterRegistrationBean<>(
                new BodyDeadlineFilter(settings, multipart.getIfAvailable(() -> new MultipartConfigElement(""))));
        registration.setName("bodyDeadlineFilter");
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        registration.setAsyncSupported(true);
        // after character encoding and request observation, before everything that reads a parameter or the body
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
