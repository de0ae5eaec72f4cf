package dev.charter.crews.internal;

import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of crews_conversation and crews_message, scoped by organization. */
@Repository
class ConversationRepository {

    record ConversationRow(UUID id, UUID orgId, UUID crewId, UUID contactId, String channel, String status,
                           UUID assigneeId, String subject, String externalRef, Instant createdAt, Instant updatedAt,
                           Instant lastMessageAt) {}

    record MessageRow(UUID id, UUID orgId, UUID conversationId, String author, UUID authorUserId, String body,
                      String messageId, String inReplyTo, String citations, Instant createdAt) {}

    private static final String CONVERSATION = """
            id, org_id, crew_id, contact_id, channel, status, assignee_id, subject, external_ref, created_at, updated_at,
            last_message_at""";
    private static final String MESSAGE = """
            id, org_id, conversation_id, author, author_user_id, body, message_id, in_reply_to, citations::text as citations,
            created_at""";

    private final JdbcClient jdbc;

    ConversationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID insert(OrgId org, UUID crew, UUID contact, String channel, String subject, String externalRef) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into crews_conversation (id, org_id, crew_id, contact_id, channel, status, subject, external_ref)
                values (?, ?, ?, ?, ?, 'CREW', ?, ?)""")
                .params(id, org.value(), crew, contact, channel, subject, externalRef).update();
        return id;
    }

    Optional<ConversationRow> find(OrgId org, UUID id) {
        return jdbc.sql("select " + CONVERSATION + " from crews_conversation where org_id = ? and id = ?")
                .params(org.value(), id).query(ConversationRow.class).optional();
    }

    /** The conversation, locked until the transaction ends, so two messages of one conversation are taken in turn. */
    Optional<ConversationRow> lock(OrgId org, UUID id) {
        return jdbc.sql("select " + CONVERSATION + " from crews_conversation where org_id = ? and id = ? for update")
                .params(org.value(), id).query(ConversationRow.class).optional();
    }

    /** The crew's conversation holding a message with one of these Message-IDs (the newest such message), if any. */
    Optional<UUID> conversationOfMessageIds(OrgId org, UUID crew, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select m.conversation_id from crews_message m
                join crews_conversation c on c.id = m.conversation_id and c.org_id = m.org_id
                where m.org_id = ? and c.crew_id = ? and m.message_id = any(?::text[])
                order by m.created_at desc limit 1""")
                .params(org.value(), crew, messageIds.toArray(String[]::new)).query(UUID.class).optional();
    }

    /**
     * The crew's and people's messages of a conversation not yet sent by email (no Message-ID), oldest first, locked
     * (skipping those another sender holds) until the transaction ends.
     */
    List<MessageRow> unsent(OrgId org, UUID conversation) {
        return jdbc.sql("select " + MESSAGE + " from crews_message where org_id = ? and conversation_id = ? "
                        + "and author in ('CREW', 'PERSON') and message_id is null order by created_at for update skip locked")
                .params(org.value(), conversation).query(MessageRow.class).list();
    }

    /** The crew's email conversations with a message of the crew or a person not yet sent. */
    List<UUID> withUnsent(OrgId org, UUID crew) {
        return jdbc.sql("""
                select distinct c.id from crews_conversation c join crews_message m on m.conversation_id = c.id and m.org_id = c.org_id
                where c.org_id = ? and c.crew_id = ? and c.channel = 'email' and m.author in ('CREW', 'PERSON')
                and m.message_id is null limit 100""").params(org.value(), crew).query(UUID.class).list();
    }

    void setMessageId(OrgId org, UUID message, String messageId) {
        jdbc.sql("update crews_message set message_id = ? where org_id = ? and id = ?")
                .params(messageId, org.value(), message).update();
    }

    Optional<ConversationRow> findByExternalRef(OrgId org, UUID crew, String externalRef) {
        return jdbc.sql("select " + CONVERSATION + " from crews_conversation where org_id = ? and crew_id = ? and external_ref = ?")
                .params(org.value(), crew, externalRef).query(ConversationRow.class).optional();
    }

    /** How many of the organization's conversations are in each status (statuses with none are absent). */
    Map<String, Long> countByStatus(OrgId org) {
        Map<String, Long> out = new java.util.HashMap<>();
        jdbc.sql("select status, count(*) from crews_conversation where org_id = ? group by status").param(org.value())
                .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2))).list();
        return out;
    }

    List<ConversationRow> list(OrgId org, ConversationFilter f, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where c.org_id = ?");
        params.add(org.value());
        if (f.status() != null) {
            where.append(" and c.status = ?");
            params.add(f.status());
        }
        if (f.assignee() != null) {
            where.append(" and c.assignee_id = ?");
            params.add(f.assignee());
        }
        if (f.channel() != null) {
            where.append(" and c.channel = ?");
            params.add(f.channel());
        }
        if (f.contact() != null) {
            where.append(" and c.contact_id = ?");
            params.add(f.contact());
        }
        if (f.search() != null && !f.search().isBlank()) {
            String like = "%" + f.search().strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" and (lower(coalesce(c.subject, '')) like ? or exists (select 1 from crews_message m"
                    + " where m.org_id = c.org_id and m.conversation_id = c.id and lower(m.body) like ?))");
            params.add(like);
            params.add(like);
        }
        params.add(limit);
        return jdbc.sql("select " + CONVERSATION.replaceAll("(\\w+)", "c.$1") + " from crews_conversation c" + where
                        + " order by c.last_message_at desc, c.id limit ?")
                .params(params).query(ConversationRow.class).list();
    }

    int setStatus(OrgId org, UUID id, String status) {
        return jdbc.sql("update crews_conversation set status = ?, updated_at = clock_timestamp() where org_id = ? and id = ?")
                .params(status, org.value(), id).update();
    }

    int moveToContact(OrgId org, UUID id, UUID contact) {
        return jdbc.sql("update crews_conversation set contact_id = ?, updated_at = clock_timestamp() where org_id = ? and id = ?")
                .params(contact, org.value(), id).update();
    }

    long countForContact(OrgId org, UUID contact) {
        return jdbc.sql("select count(*) from crews_conversation where org_id = ? and contact_id = ?")
                .params(org.value(), contact).query(Long.class).single();
    }

    int assign(OrgId org, UUID id, UUID assignee) {
        return jdbc.sql("update crews_conversation set assignee_id = ?, updated_at = clock_timestamp() where org_id = ? and id = ?")
                .params(assignee, org.value(), id).update();
    }

    UUID insertMessage(OrgId org, UUID conversation, String author, UUID authorUser, String body, String messageId,
                       String inReplyTo, String citations) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into crews_message (id, org_id, conversation_id, author, author_user_id, body, message_id, in_reply_to, citations)
                values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))""")
                .params(id, org.value(), conversation, author, authorUser, body, messageId, inReplyTo,
                        citations == null ? "[]" : citations).update();
        jdbc.sql("update crews_conversation set last_message_at = clock_timestamp(), updated_at = clock_timestamp() where org_id = ? and id = ?")
                .params(org.value(), conversation).update();
        return id;
    }

    List<MessageRow> messages(OrgId org, UUID conversation) {
        return jdbc.sql("select " + MESSAGE + " from crews_message where org_id = ? and conversation_id = ? order by created_at, id")
                .params(org.value(), conversation).query(MessageRow.class).list();
    }

    Optional<MessageRow> message(OrgId org, UUID id) {
        return jdbc.sql("select " + MESSAGE + " from crews_message where org_id = ? and id = ?")
                .params(org.value(), id).query(MessageRow.class).optional();
    }


    /** Binds a widget visitor's conversation to the SHA-256 of the token the widget keeps. */
    int setVisitorToken(OrgId org, UUID id, byte[] tokenHash) {
        return jdbc.sql("update crews_conversation set visitor_token_hash = ? where org_id = ? and id = ?")
                .params(tokenHash, org.value(), id).update();
    }

    /** The conversation of this crew held by the visitor token whose SHA-256 is {@code tokenHash}. */
    Optional<ConversationRow> findByVisitorToken(OrgId org, UUID crew, byte[] tokenHash) {
        return jdbc.sql("select " + CONVERSATION + " from crews_conversation where org_id = ? and crew_id = ? and visitor_token_hash = ?")
                .params(org.value(), crew, tokenHash).query(ConversationRow.class).optional();
    }

    int markPersonRequested(OrgId org, UUID id) {
        return jdbc.sql("""
                update crews_conversation set person_requested_at = coalesce(person_requested_at, clock_timestamp()),
                    updated_at = clock_timestamp() where org_id = ? and id = ?""")
                .params(org.value(), id).update();
    }
}
