package dev.charter.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.RateLimitedException;
import dev.charter.shared.ConflictException;
import dev.charter.shared.ForbiddenException;
import dev.charter.shared.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Errors on pages render the error page with the status and a sentence that says what to do. */
@ControllerAdvice(annotations = Controller.class)
class PageErrors {

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, Model model, HttpServletResponse response) {
        return render(404, "Not found", e.getMessage() + ". It may have been deleted, or the link is wrong.", model, response);
    }

    @ExceptionHandler(ForbiddenException.class)
    String forbidden(ForbiddenException e, Model model, HttpServletResponse response) {
        return render(403, "Not allowed", e.getMessage(), model, response);
    }

    @ExceptionHandler(ConflictException.class)
    String conflict(ConflictException e, Model model, HttpServletResponse response) {
        return render(409, "That cannot be done now", e.getMessage(), model, response);
    }

    @ExceptionHandler(RateLimitedException.class)
    String rateLimited(RateLimitedException e, Model model, HttpServletResponse response) {
        response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        return render(429, "Slow down", e.getMessage(), model, response);
    }

    private static String render(int status, String title, String message, Model model, HttpServletResponse response) {
        response.setStatus(status);
        // an exception handler's model gets no @ModelAttribute values: the navigation needs the person here too
        var auth = SecurityContextHolder.getContext().getAuthentication();
        model.addAttribute("me", auth != null && auth.getPrincipal() instanceof CurrentUser me ? me : null);
        model.addAttribute("status", status);
        model.addAttribute("title", title);
        model.addAttribute("message", message);
        return "error";
    }
}
