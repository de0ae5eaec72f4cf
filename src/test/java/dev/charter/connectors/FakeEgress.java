package dev.charter.connectors;

import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A stand-in egress gateway for connection tests: records each request and answers what the test says. */
public class FakeEgress implements EgressGateway {

    public final List<EgressRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<EgressRequest, EgressResponse> answer = r -> status(200);

    public static EgressResponse status(int status) {
        return new EgressResponse(status, Map.of(), new byte[0]);
    }

    public void answer(Function<EgressRequest, EgressResponse> answer) {
        this.answer = answer;
    }

    public void reset() {
        requests.clear();
        answer = r -> status(200);
    }

    @Override
    public EgressResponse send(EgressRequest request) {
        requests.add(request);
        return answer.apply(request);
    }

    /** A fake answer is the test's own text: shown as it is, cut to the length. */
    @Override
    public String readableExcerpt(dev.charter.shared.OrgId org, EgressResponse response, int maxChars) {
        String body = response.bodyAsString();
        return body.length() <= maxChars ? body : body.substring(0, maxChars) + "…";
    }

    @TestConfiguration
    public static class Config {
        @Bean
        @Primary
        FakeEgress fakeEgress() {
            return new FakeEgress();
        }
    }
}
