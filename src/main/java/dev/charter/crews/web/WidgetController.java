package dev.charter.crews.web;

import dev.charter.crews.ConversationStatus;
import dev.charter.crews.internal.ContactInput;
import dev.charter.crews.internal.Widgets;
import dev.charter.shared.ForbiddenException;
import dev.charter.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The chat widget's JSON and event routes (CRW-9), called by the widget's own page (served by Charter, embedded in
 * one of the crew's site origins). No cookie: the visitor's conversation token travels in the
 * {@value #TOKEN_HEADER} header. Every post must come from the widget's page ({@code Origin} is Charter's own) on a
 * site the crew allows ({@code site}), within the per-visitor rate limit and the message size limit.
 */
@RestController
@RequestMapping("/api/v1/crews/widget/{widgetKey}")
@Tag(name = "Crews widget")
class WidgetController {

    static final String TOKEN_HEADER = "X-Charter-Conversation";

    record Message(String text, String site) {}

    record Contact(String name, String email, String company, String site) {}

    record Site(String site) {}

    record Posted(String token, UUID messageId, ConversationStatus status) {}

    record StatusAnswer(ConversationStatus status) {}

    private final Widgets widgets;
    private final dev.charter.crews.internal.WidgetStreams streams;

    WidgetController(Widgets widgets, dev.charter.crews.internal.WidgetStreams streams) {
        this.widgets = widgets;
        this.streams = streams;
    }

    @GetMapping("/config")
    @Operation(summary = "Widget: the crew's name, whether it is online, its offline message and the size limit")
    Widgets.Config config(@PathVariable UUID widgetKey) {
        return widgets.config(widgets.find(widgetKey));
    }

    @PostMapping("/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Widget: a visitor's message; without a conversation token it starts a conversation and "
            + "answers its token. The crew's answer arrives on the event stream")
    Posted post(@PathVariable UUID widgetKey, @RequestHeader(name = TOKEN_HEADER, required = false) String token,
                @RequestBody Message body, HttpServletRequest request) {
        Widgets.Widget w = checked(widgetKey, body == null ? null : body.site(), request);
        Widgets.Posted p = widgets.post(w, token, body.text());
        return new Posted(p.token(), p.messageId(), p.status());
    }

    @PostMapping("/contact")
    @Operation(summary = "Widget: the visitor gives a name, email or company; the conversation's contact becomes that contact")
    StatusAnswer contact(@PathVariable UUID widgetKey, @RequestHeader(name = TOKEN_HEADER, required = false) String token,
                         @RequestBody Contact body, HttpServletRequest request) {
        Widgets.Widget w = checked(widgetKey, body == null ? null : body.site(), request);
        widgets.identify(w, token, new ContactInput(body.name(), body.email(), null, body.company(), null));
        return new StatusAnswer(widgets.status(w, widgets.conversation(w, token)));
    }

    @PostMapping("/person")
    @Operation(summary = "Widget: the visitor asks for a person; the conversation waits for one")
    StatusAnswer person(@PathVariable UUID widgetKey, @RequestHeader(name = TOKEN_HEADER, required = false) String token,
                        @RequestBody Site body, HttpServletRequest request) {
        Widgets.Widget w = checked(widgetKey, body == null ? null : body.site(), request);
        return new StatusAnswer(widgets.askForPerson(w, token));
    }

    @GetMapping(path = "/events", produces = "text/event-stream")
    @Operation(summary = "Widget: the conversation's messages the visitor may see and its status, as server-sent events")
    SseEmitter events(@PathVariable UUID widgetKey, @RequestHeader(name = TOKEN_HEADER, required = false) String token) {
        Widgets.Widget w = widgets.find(widgetKey);
        return streams.open(w, widgets.conversation(w, token));
    }

    /**
     * The widget, if the post comes from its own page on a site the crew allows, within the visitor's rate limit.
     * Refusals name what was wrong; none of them writes anything.
     */
    private Widgets.Widget checked(UUID key, String site, HttpServletRequest request) {
        Widgets.Widget w = widgets.find(key);
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (!ownOrigin(request.getHeader("Origin"), request) || (fetchSite != null && !fetchSite.equals("same-origin"))) {
            throw new ForbiddenException("Messages are accepted only from the widget itself, embedded with the snippet of "
                    + "the Crews settings page.");
        }
        if (site == null || site.isBlank()) {
            throw new InvalidInputException("site", "Send the origin of the site the widget is embedded in.");
        }
        if (!w.allows(site)) {
            throw new ForbiddenException("This widget is not enabled for " + abbreviate(site) + ". An admin adds the site's "
                    + "origin to the crew's origins on the Crews settings page.");
        }
        widgets.limit(w, request.getRemoteAddr());
        return w;
    }

    static boolean ownOrigin(String origin, HttpServletRequest request) {
        if (origin == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            int port = o.getPort() == -1 ? ("https".equals(o.getScheme()) ? 443 : 80) : o.getPort();
            return o.getScheme() != null && o.getScheme().equalsIgnoreCase(request.getScheme())
                    && o.getHost() != null && o.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 100 ? t.substring(0, 100) + "…" : t;
    }
}
