package dev.charter.ai;

import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The real egress gateway, with a record of every request handed to it: proof of what tried to leave. */
public final class CapturingEgress implements EgressGateway {

    public final List<EgressRequest> requests = new CopyOnWriteArrayList<>();
    private final EgressGateway real;

    CapturingEgress(EgressGateway real) {
        this.real = real;
    }

    @Override
    public EgressResponse send(EgressRequest request) {
        requests.add(request);
        return real.send(request);
    }

    @Override
    public <T> T stream(EgressRequest request, java.time.Duration within, StreamHandler<T> handler) {
        requests.add(request);
        return real.stream(request, within, handler);
    }

    @Override
    public String readableExcerpt(dev.charter.shared.OrgId org, EgressResponse response, int maxChars) {
        return real.readableExcerpt(org, response, maxChars);
    }

    @TestConfiguration
    public static class Config {
        @Bean
        @Primary
        CapturingEgress capturingEgress(@Qualifier("egressGateway") EgressGateway real) {
            return new CapturingEgress(real);
        }
    }
}
