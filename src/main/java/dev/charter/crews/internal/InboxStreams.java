package dev.charter.crews.internal;

import dev.charter.shared.OrgId;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates of the inbox for an organization's members: each open inbox page listens (server-sent events) and is
 * told, by conversation id only, when a conversation of its organization changed, once the change committed; the page
 * then fetches what it shows. No message text travels on the stream.
 */
@Component
public class InboxStreams {

    static final long TIMEOUT_MS = 30 * 60 * 1000L;

    private record Listener(UUID conversation, SseEmitter emitter) {}

    private final Map<OrgId, List<Listener>> listeners = new ConcurrentHashMap<>();

    /** A stream of the organization's changes; of one conversation's when {@code conversation} is not null. */
    public SseEmitter open(OrgId org, UUID conversation) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        Listener l = new Listener(conversation, emitter);
        listeners.computeIfAbsent(org, k -> new CopyOnWriteArrayList<>()).add(l);
        Runnable drop = () -> listeners.computeIfPresent(org, (k, list) -> {
            list.remove(l);
            return list.isEmpty() ? null : list;
        });
        emitter.onCompletion(drop);
        emitter.onTimeout(drop);
        emitter.onError(e -> drop.run());
        try {
            emitter.send(SseEmitter.event().name("ready").data("ready"));
        } catch (IOException e) {
            drop.run();
        }
        return emitter;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(ConversationChanged event) {
        for (Listener l : listeners.getOrDefault(event.org(), List.of())) {
            if (l.conversation() == null || l.conversation().equals(event.conversationId())) {
                try {
                    l.emitter().send(SseEmitter.event().name("changed").data(event.conversationId().toString()));
                } catch (IOException | IllegalStateException e) {
                    l.emitter().completeWithError(e);
                }
            }
        }
    }
}
