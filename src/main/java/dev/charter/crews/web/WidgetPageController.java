package dev.charter.crews.web;

import dev.charter.crews.internal.Widgets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * What a site loads for the chat widget (CRW-9), all served by Charter: the loader script of the snippet, the
 * widget's page (shown in an iframe) and its script and stylesheet. The page's policy lets it load only from
 * Charter, connect only to Charter, and be framed only by the crew's site origins.
 */
@Controller
@RequestMapping("/widget")
class WidgetPageController {

    private static final CacheControl ASSETS = CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic();

    private final Widgets widgets;

    WidgetPageController(Widgets widgets) {
        this.widgets = widgets;
    }

    @GetMapping("/loader.js")
    @ResponseBody
    ResponseEntity<String> loader() throws IOException {
        return asset("loader.js", "text/javascript");
    }

    @GetMapping("/assets/widget.js")
    @ResponseBody
    ResponseEntity<String> script() throws IOException {
        return asset("widget.js", "text/javascript");
    }

    @GetMapping("/assets/widget.css")
    @ResponseBody
    ResponseEntity<String> style() throws IOException {
        return asset("widget.css", "text/css");
    }

    /** The widget's page, for the iframe the loader adds to {@code site}. */
    @GetMapping("/{widgetKey}")
    String page(@PathVariable UUID widgetKey, @RequestParam(required = false) String site, Model model,
                jakarta.servlet.http.HttpServletResponse response) {
        Widgets.Widget w = widgets.find(widgetKey);
        response.setHeader("Content-Security-Policy", policy(w.origins()));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        boolean allowed = site != null && w.allows(site);
        model.addAttribute("widget", widgets.config(w));
        model.addAttribute("widgetKey", w.key());
        model.addAttribute("site", allowed ? site.strip() : "");
        model.addAttribute("allowed", allowed);
        return "crews/widget";
    }

    /** Everything from Charter only; framed only by the crew's origins (each validated as scheme://host[:port]). */
    static String policy(List<String> origins) {
        String ancestors = origins.isEmpty() ? "'none'" : String.join(" ", origins);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                + "font-src 'none'; form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors " + ancestors;
    }

    private static ResponseEntity<String> asset(String name, String type) throws IOException {
        try (InputStream in = new ClassPathResource("crews-widget/" + name).getInputStream()) {
            return ResponseEntity.ok().cacheControl(ASSETS)
                    .contentType(MediaType.parseMediaType(type + ";charset=UTF-8"))
                    .body(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
