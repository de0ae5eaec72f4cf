package dev.charter.web;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Confirmation messages after a redirect. Charter keeps no HTTP session (so no flash scope): a
 * controller redirects with {@code ?notice=<code>} and the page shows the sentence
 * {@code notice.<code>} from messages.properties. Unknown codes show nothing.
 */
@ControllerAdvice(annotations = Controller.class)
class NoticeAdvice {

    private final MessageSource messages;

    NoticeAdvice(MessageSource messages) {
        this.messages = messages;
    }

    @ModelAttribute("flash")
    String flash(@RequestParam(name = "notice", required = false) String notice) {
        if (notice == null || !notice.matches("[a-z0-9-]{1,40}")) {
            return null;
        }
        return messages.getMessage("notice." + notice, null, null, Locale.ROOT);
    }
}
