package dev.charter.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The literal-beginning test changes nothing Spring decides: for every path, including escaped ones, path
 * parameters and near misses, it finds the handler the stock mapping finds, or none where the stock finds none.
 */
class LiteralPrefixHandlerMappingTest {

    @RestController
    @RequestMapping("/api/v1")
    static class Routes {
        @PostMapping("/hooks/{pilot}/{secret}") void deliverWithSecret() { }
        @PostMapping("/hooks/{pilot}") void deliver() { }
        @GetMapping("/things/{id}") void thing() { }
        @GetMapping("/things/{id}/parts/{part}") void part() { }
        @GetMapping("/things") void things() { }
        @GetMapping({"/files/**", "/docs/{name}.md"}) void files() { }
        @GetMapping("/{anything}/summary") void summary() { }
    }

    @RestController
    static class Pages {
        @GetMapping("/") void home() { }
        @GetMapping("/pilots/{id}") void pilot() { }
        @PostMapping("/hooks/{pilot}/{secret}") void pageHook() { }
    }

    @RestController
    static class Deliveries {
        @PostMapping("/deliver/{pilot}/{secret}") void deliverHot() { }
        @PostMapping("/deliver/{pilot}") void deliverHotWithHeader() { }
    }

    @RestController
    static class Overlapping {
        @GetMapping("/deliver/{pilot}/status") void status() { }
    }

    private static RequestMappingHandlerMapping mapping(RequestMappingHandlerMapping m, Class<?>... more) {
        return mapping(m, null, more);
    }

    private static RequestMappingHandlerMapping mapping(RequestMappingHandlerMapping m, dev.charter.shared.HighVolumeRoutes hot,
                                                        Class<?>... more) {
        StaticWebApplicationContext ctx = new StaticWebApplicationContext();
        ctx.setServletContext(new MockServletContext());
        ctx.registerSingleton("routes", Routes.class);
        ctx.registerSingleton("pages", Pages.class);
        for (Class<?> c : more) {
            ctx.registerSingleton(c.getSimpleName(), c);
        }
        if (hot != null) {
            ctx.getBeanFactory().registerSingleton("hot", hot);
        }
        ctx.refresh();
        m.setApplicationContext(ctx);
        m.afterPropertiesSet();
        return m;
    }

    private static String handler(RequestMappingHandlerMapping m, String method, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain chain = m.getHandler(request);
            return chain == null ? "none" : ((HandlerMethod) chain.getHandler()).getMethod().getName();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void findsWhatTheStockMappingFinds() throws Exception {
        RequestMappingHandlerMapping stock = mapping(new RequestMappingHandlerMapping());
        RequestMappingHandlerMapping fast = mapping(new LiteralPrefixHandlerMapping());
        List<String[]> requests = List.of(
                new String[] {"POST", "/api/v1/hooks/p1/s1"}, new String[] {"POST", "/api/v1/hooks/p1"},
                new String[] {"POST", "/hooks/p1/s1"}, new String[] {"GET", "/hooks/p1/s1"},
                new String[] {"POST", "/api/v1/ho%6Bks/p1/s1"}, new String[] {"POST", "/api/v1/hooks;x=1/p1/s1"},
                new String[] {"GET", "/api/v1/things/7"}, new String[] {"GET", "/api/v1/things/7/parts/2"},
                new String[] {"GET", "/api/v1/things"}, new String[] {"GET", "/api/v1/thingsx/7"},
                new String[] {"GET", "/api/v1/files/a/b/c"}, new String[] {"GET", "/api/v1/docs/readme.md"},
                new String[] {"GET", "/api/v1/x/summary"}, new String[] {"GET", "/api/v1/things/summary"},
                new String[] {"GET", "/"}, new String[] {"GET", "/pilots/9"}, new String[] {"GET", "/Pilots/9"},
                new String[] {"GET", "/nowhere"}, new String[] {"DELETE", "/api/v1/things/7"},
                new String[] {"GET", "/api/v2/things/7"}, new String[] {"GET", "/api/v1/things/7/"});
        for (String[] r : requests) {
            assertThat(handler(fast, r[0], r[1])).as(r[0] + " " + r[1]).isEqualTo(handler(stock, r[0], r[1]));
        }
        assertThat(handler(fast, "POST", "/api/v1/hooks/p1/s1")).isEqualTo("deliverWithSecret");
        assertThat(handler(fast, "DELETE", "/api/v1/things/7")).as("a known path, another method")
                .isEqualTo("HttpRequestMethodNotSupportedException");
    }

    @Test
    void highVolumeRoutesAreFoundFirstAndDecideNothingElse() throws Exception {
        RequestMappingHandlerMapping stock = mapping(new RequestMappingHandlerMapping(), Deliveries.class);
        RequestMappingHandlerMapping fast = mapping(new LiteralPrefixHandlerMapping(),
                dev.charter.shared.HighVolumeRoutes.of(Deliveries.class), Deliveries.class);
        for (String[] r : List.of(new String[] {"POST", "/deliver/p1/s1"}, new String[] {"POST", "/deliver/p1"},
                new String[] {"GET", "/deliver/p1/s1"}, new String[] {"POST", "/deliver"}, new String[] {"POST", "/deliver/a/b/c"},
                new String[] {"GET", "/api/v1/things/7"}, new String[] {"GET", "/pilots/9"}, new String[] {"GET", "/"})) {
            assertThat(handler(fast, r[0], r[1])).as(r[0] + " " + r[1]).isEqualTo(handler(stock, r[0], r[1]));
        }
        assertThat(handler(fast, "POST", "/deliver/p1/s1")).isEqualTo("deliverHot");
        assertThat(handler(fast, "GET", "/deliver/p1/s1")).as("the full lookup answers the wrong method")
                .isEqualTo("HttpRequestMethodNotSupportedException");
    }

    @Test
    void aHighVolumeRouteThatAnotherControllerCouldMatchStopsTheStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        mapping(new LiteralPrefixHandlerMapping(), dev.charter.shared.HighVolumeRoutes.of(Deliveries.class),
                                Deliveries.class, Overlapping.class))
                .hasStackTraceContaining("overlaps");
    }

    @Test
    void aPatternsLiteralBeginningEndsBeforeItsFirstSegmentThatIsNotPlainText() {
        assertThat(LiteralPrefixHandlerMapping.literalBeginning("/hooks/{pilot}/{secret}")).isEqualTo("/hooks/");
        assertThat(LiteralPrefixHandlerMapping.literalBeginning("/api/v1/things")).isEqualTo("/api/v1/things");
        assertThat(LiteralPrefixHandlerMapping.literalBeginning("/docs/{name}.md")).isEqualTo("/docs/");
        assertThat(LiteralPrefixHandlerMapping.literalBeginning("/files/**")).isEqualTo("/files/");
        assertThat(LiteralPrefixHandlerMapping.literalBeginning("/{x}/summary")).isEqualTo("/");
        assertThat(LiteralPrefixHandlerMapping.couldMatch(new String[0], "/anything")).isTrue();
        assertThat(LiteralPrefixHandlerMapping.couldMatch(new String[] {"/hooks/"}, "/api/x")).isFalse();
    }
}
