package dev.charter.crews.internal;

import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the knowledge base: documents, passages and the postings that index them, and BM25 ranking over them
 * (docs/adr/0150). Terms are PostgreSQL's {@code english} text-search lexemes, for passages and questions alike.
 */
@Repository
class KnowledgeRepository {

    record DocumentRow(UUID id, String title, String format, int passages, Instant createdAt) {}

    record PassageRow(UUID id, UUID documentId, String title, int position, String heading, String body) {}

    /** A ranked passage: its BM25 score, and that score over the query's total idf (0 to 1). */
    record Hit(UUID id, UUID documentId, String title, String heading, String body, double score, double normalized) {}

    /** BM25's term-frequency saturation and length normalization, at their usual values. */
    static final double K1 = 1.2;
    static final double B = 0.75;
    /** How much a question's word that no passage has counts against the normalized score (docs/adr/0150). */
    static final double UNKNOWN_WEIGHT = 0.5;

    private final JdbcClient jdbc;

    KnowledgeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertDocument(OrgId org, UUID id, String title, String format, String body, UUID createdBy) {
        jdbc.sql("insert into crews_document (id, org_id, title, format, body, created_by) values (?, ?, ?, ?, ?, ?)")
                .params(id, org.value(), title, format, body, createdBy).update();
    }

    void insertPassage(OrgId org, UUID document, UUID id, int position, String heading, String body) {
        jdbc.sql("insert into crews_passage (id, org_id, document_id, position, heading, body, length) values (?, ?, ?, ?, ?, ?, 0)")
                .params(id, org.value(), document, position, heading, body).update();
    }

    /**
     * Indexes every passage of the document: its postings, each with the passage's length in terms, and the
     * passage's length, in this transaction.
     */
    void index(OrgId org, UUID document) {
        jdbc.sql("""
                insert into crews_posting (org_id, term, passage_id, tf, dl)
                select s.org_id, s.lexeme, s.id, s.tf, sum(s.tf) over (partition by s.id)
                from (select p.org_id, t.lexeme, p.id, coalesce(array_length(t.positions, 1), 1) as tf
                      from crews_passage p, unnest(to_tsvector('english', coalesce(p.heading, '') || ' ' || p.body)) t
                      where p.org_id = ? and p.document_id = ?) s""")
                .params(org.value(), document).update();
        jdbc.sql("""
                update crews_passage p set length = coalesce((select sum(x.tf) from crews_posting x
                    where x.org_id = p.org_id and x.passage_id = p.id), 0)
                where p.org_id = ? and p.document_id = ?""")
                .params(org.value(), document).update();
    }

    List<DocumentRow> documents(OrgId org) {
        return jdbc.sql("""
                select d.id, d.title, d.format, (select count(*) from crews_passage p where p.org_id = d.org_id and p.document_id = d.id)::int as passages,
                       d.created_at from crews_document d where d.org_id = ? order by d.created_at desc, d.id""")
                .param(org.value()).query(DocumentRow.class).list();
    }

    Optional<DocumentRow> document(OrgId org, UUID id) {
        return jdbc.sql("""
                select d.id, d.title, d.format, (select count(*) from crews_passage p where p.org_id = d.org_id and p.document_id = d.id)::int as passages,
                       d.created_at from crews_document d where d.org_id = ? and d.id = ?""")
                .params(org.value(), id).query(DocumentRow.class).optional();
    }

    List<PassageRow> passages(OrgId org, UUID document) {
        return jdbc.sql("""
                select p.id, p.document_id, d.title, p.position, p.heading, p.body from crews_passage p
                join crews_document d on d.org_id = p.org_id and d.id = p.document_id
                where p.org_id = ? and p.document_id = ? order by p.position""")
                .params(org.value(), document).query(PassageRow.class).list();
    }

    /** Removes the document; its passages and postings go with it by cascade, in the caller's transaction. */
    int deleteDocument(OrgId org, UUID id) {
        return jdbc.sql("delete from crews_document where org_id = ? and id = ?").params(org.value(), id).update();
    }


    /**
     * The organization's {@code limit} best passages for {@code query} by Okapi BM25:
     * {@code sum over query terms t of idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgLength))}, with
     * {@code idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))} over the organization's passages only. {@code normalized} is
     * the score over the sum of idf of the query's terms, those no passage has counting {@link #UNKNOWN_WEIGHT},
     * capped at 1: 1 means every term of the question occurs in the passage about as often as a term occurs in a
     * passage of average length.
     */
    List<Hit> search(OrgId org, String query, int limit) {
        return jdbc.sql("""
                with q as (select distinct t.lexeme as term from unnest(to_tsvector('english', :query)) t),
                stats as (select count(*)::float8 as n, coalesce(avg(length), 0)::float8 as avgdl
                          from crews_passage where org_id = :org),
                idf as (select q.term, d.df, ln(1 + (s.n - d.df + 0.5) / (d.df + 0.5)) as idf
                        from q cross join stats s
                        cross join lateral (select count(*)::float8 as df from crews_posting x
                                            where x.org_id = :org and x.term = q.term) d),
                total as (select coalesce(sum(case when df > 0 then idf else :unknown * idf end), 0) as idf from idf),
                scored as (
                  select x.passage_id, sum(i.idf * x.tf * (:k1 + 1)
                             / (x.tf + :k1 * (1 - :b + :b * x.dl / greatest(s.avgdl, 1)))) as score
                  from crews_posting x join idf i on i.term = x.term and i.df > 0
                  cross join stats s
                  where x.org_id = :org
                  group by x.passage_id),
                best as (select passage_id, score from scored order by score desc, passage_id limit :limit)
                select p.id, p.document_id, d.title, p.heading, p.body, b.score,
                       least(1.0, b.score / nullif(t.idf, 0)) as normalized
                from best b join crews_passage p on p.org_id = :org and p.id = b.passage_id
                join crews_document d on d.org_id = p.org_id and d.id = p.document_id
                cross join total t
                order by b.score desc, p.id""")
                .param("query", query).param("org", org.value()).param("k1", K1).param("b", B).param("limit", limit).param("unknown", UNKNOWN_WEIGHT)
                .query((rs, n) -> new Hit(rs.getObject("id", UUID.class), rs.getObject("document_id", UUID.class),
                        rs.getString("title"), rs.getString("heading"), rs.getString("body"), rs.getDouble("score"),
                        rs.getDouble("normalized")))
                .list();
    }

    /** True when the query has at least one term the index could match (not only stop words). */
    boolean hasTerms(String query) {
        return jdbc.sql("select length(to_tsvector('english', ?)) > 0").param(query).query(Boolean.class).single();
    }
}
