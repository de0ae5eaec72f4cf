package dev.charter.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Every error no controller answered (no such route, a method or media type the route does not take, a URL the
 * firewall refused, an unexpected failure): a problem detail for the API and machine endpoints, the error page for
 * pages. The sentence says what was wrong; the exception, if any, stays in the server's log.
 */
@Controller
class ErrorAnswers implements ErrorController {

    private final ErrorAttributes errors;
    private final Answers answers;

    ErrorAnswers(ErrorAttributes errors, Answers answers) {
        this.errors = errors;
        this.answers = answers;
    }

    @RequestMapping("/error")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        Object preset = request.getAttribute(RequestInputFilter.DETAIL);
        String detail = preset instanceof String s ? s : detail(status, errors.getError(new ServletWebRequest(request)),
                request.getMethod(), response.getHeader("Allow"));
        if (answers.wantsProblem(uri)) {
            answers.writeProblem(new OriginalUri(request, uri), response, status, title, detail, Map.of());
            return null;
        }
        response.setStatus(status);
        return new ModelAndView("error", Map.of("status", status, "title", title, "message", detail));
    }

    static String detail(int status, Throwable error, String method, String allow) {
        return switch (status) {
            case 400 -> "The request could not be read: check the address (no empty or encoded path segments), "
                    + "its parameters and the body.";
            case 401 -> "Sign in first, or send a valid API token as 'Authorization: Bearer …'.";
            case 403 -> "That was refused: the form's security token is missing or out of date (for example after "
                    + "signing in again in another tab), or you may not do this. Reload the page and try again.";
            case 404 -> "There is nothing at this address. Check it, or go back to the start page.";
            case 405 -> {
                String allowed = error instanceof HttpRequestMethodNotSupportedException m && m.getSupportedMethods() != null
                        ? String.join(", ", m.getSupportedMethods()) : allow;
                yield "This address does not take " + method + (allowed == null || allowed.isBlank() ? "."
                        : "; it takes " + allowed + ".");
            }
            case 406 -> "Charter cannot answer in the format the Accept header asks for; accept application/json "
                    + "(or text/html for pages).";
            case 413 -> error instanceof MaxUploadSizeExceededException m && m.getMaxUploadSize() > 0
                    ? "The upload is too large; at most " + m.getMaxUploadSize() + " bytes are accepted."
                    : "The body is too large.";
            case 415 -> error instanceof HttpMediaTypeNotSupportedException m && !m.getSupportedMediaTypes().isEmpty()
                    ? "Send the body as " + m.getSupportedMediaTypes().get(0) + "."
                    : "This address does not take a body of this content type.";
            case 429 -> "Too many requests; wait a moment and try again.";
            case 503 -> "Charter cannot take this request now; try again shortly.";
            default -> status >= 500
                    ? "Something went wrong on Charter's side. It was logged; try again, and tell the operator if it keeps happening."
                    : "The request was refused.";
        };
    }

    /** The problem's instance is the address that failed, not /error. */
    private static final class OriginalUri extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final String uri;

        OriginalUri(HttpServletRequest request, String uri) {
            super(request);
            this.uri = uri == null ? request.getRequestURI() : uri;
        }

        @Override
        public String getRequestURI() {
            return uri;
        }
    }
}
