package dev.charter.crews.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The widget's server-sent events: each open stream follows one conversation and receives every message its visitor
 * may see (never private notes) once, as {@code message} events, and the conversation's {@code status}. A stream
 * starts with what the conversation already holds and is then fed after each commit that changed the conversation on
 * this node; a stream on another node catches up when the widget reconnects (it does, after {@link #TIMEOUT_MS}).
 */
@Component
public class WidgetStreams {

    static final long TIMEOUT_MS = 120_000;

    private record Stream(Widgets.Widget widget, UUID conversation, SseEmitter emitter, Set<UUID> sent) {}

    private final Map<UUID, List<Stream>> streams = new ConcurrentHashMap<>();
    private final Widgets widgets;

    WidgetStreams(Widgets widgets) {
        this.widgets = widgets;
    }

    public SseEmitter open(Widgets.Widget widget, UUID conversation) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        Stream s = new Stream(widget, conversation, emitter, ConcurrentHashMap.newKeySet());
        streams.computeIfAbsent(conversation, k -> new CopyOnWriteArrayList<>()).add(s);
        Runnable drop = () -> streams.computeIfPresent(conversation, (k, list) -> {
            list.remove(s);
            return list.isEmpty() ? null : list;
        });
        emitter.onCompletion(drop);
        emitter.onTimeout(drop);
        emitter.onError(e -> drop.run());
        push(s);
        return emitter;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(ConversationChanged event) {
        for (Stream s : streams.getOrDefault(event.conversationId(), List.of())) {
            if (s.widget().org().equals(event.org())) {
                push(s);
            }
        }
    }

    private void push(Stream s) {
        try {
            synchronized (s) {
                for (Widgets.VisibleMessage m : widgets.messages(s.widget(), s.conversation())) {
                    if (s.sent().add(m.id())) {
                        s.emitter().send(SseEmitter.event().name("message").id(m.id().toString()).data(m));
                    }
                }
                s.emitter().send(SseEmitter.event().name("status").data(Map.of("status",
                        widgets.status(s.widget(), s.conversation()).name())));
            }
        } catch (IOException | IllegalStateException e) {
            s.emitter().completeWithError(e);
        } catch (RuntimeException e) { // the conversation was erased meanwhile
            s.emitter().complete();
        }
    }
}
