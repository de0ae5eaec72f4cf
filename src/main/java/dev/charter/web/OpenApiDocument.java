package dev.charter.web;

import com.fasterxml.jackson.databind.JavaType;
import dev.charter.identity.PublicPaths;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.springdoc.core.converters.ModelConverterRegistrar;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.AntPathMatcher;

/**
 * The OpenAPI document at {@code /v3/api-docs}: how to authenticate (a bearer API token, or the browser's session
 * cookie), which operations need neither, id records as the plain strings they are on the wire, and JSON trees
 * (Jackson's {@code JsonNode}, which swagger's own Jackson would read as a bean) as free-form JSON.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    static final String TOKEN = "apiToken";
    static final String COOKIE = "sessionCookie";

    /** Sign-up, sign-in and invitations are open by design (identity's security configuration). */
    private static final List<String> OPEN = List.of("/api/v1/auth/signin", "/api/v1/auth/signup",
            "/api/v1/auth/invitations/**");

    @Bean
    OpenApiCustomizer charterSecuritySchemes(List<PublicPaths> modulePaths) {
        List<String> open = new ArrayList<>(OPEN);
        modulePaths.forEach(p -> open.addAll(p.patterns()));
        AntPathMatcher matcher = new AntPathMatcher();
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents()
                    .addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .description("An API token created under Account → API tokens, sent as "
                                    + "'Authorization: Bearer <token>'. Needs no CSRF token."))
                    .addSecuritySchemes(COOKIE, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.COOKIE).name("charter_session")
                            .description("The browser's session cookie (__Host-charter_session over HTTPS), set by "
                                    + "signing in. Form-encoded requests with it also need the CSRF token."));
            api.setSecurity(List.of(new SecurityRequirement().addList(TOKEN), new SecurityRequirement().addList(COOKIE)));
            if (api.getPaths() != null) {
                api.getPaths().forEach((path, item) -> {
                    if (open.stream().anyMatch(p -> matcher.match(p, path))) {
                        item.readOperations().forEach(op -> op.setSecurity(List.of()));
                    }
                });
            }
        };
    }

    /**
     * Puts {@link #SCHEMAS} first in swagger's chain of converters, after springdoc registered its own: the
     * polymorphism converter would otherwise read a Jackson 3 tree's class as a bean before ours answers for it.
     */
    @Bean
    SmartInitializingSingleton charterSchemas(ObjectProvider<ModelConverterRegistrar> springdocConverters) {
        return () -> {
            springdocConverters.ifAvailable(registered -> { });
            for (boolean openapi31 : new boolean[] {true, false}) {
                ModelConverters converters = ModelConverters.getInstance(openapi31);
                converters.removeConverter(SCHEMAS);
                converters.addConverter(SCHEMAS);
            }
        };
    }

    /** Id records ({@link IdRecords}) are strings in the document as they are in every answer. */
    static final ModelConverter SCHEMAS = charterSchemaConverter();

    private static ModelConverter charterSchemaConverter() {
        return new ModelConverter() {
            @Override
            public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
                JavaType javaType = Json.mapper().constructType(type.getType());
                Class<?> raw = javaType == null ? null : javaType.getRawClass();
                if (raw != null && tools.jackson.databind.JsonNode.class.isAssignableFrom(raw)) {
                    // a JSON tree taken or answered as it is: read by swagger as a bean it has conflicting setters
                    return tools.jackson.databind.node.ObjectNode.class.isAssignableFrom(raw)
                            ? new ObjectSchema().description("A JSON object")
                            : new Schema<>().description("Any JSON value");
                }
                if (raw != null && IdRecords.isId(raw)) {
                    StringSchema s = new StringSchema();
                    if (IdRecords.valueType(raw) == UUID.class) {
                        s.format("uuid");
                    }
                    return s;
                }
                return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
            }
        };
    }
}
