-- Each posting carries its passage's length in terms, and a covering index holds everything a search reads, so
-- ranking reads the postings of the question's terms only (an index-only scan), never the passages, until the
-- few best are chosen (docs/adr/0150).
alter table crews_posting add column dl integer;
update crews_posting x set dl = p.length from crews_passage p where p.id = x.passage_id;
update crews_posting set dl = tf where dl is null;
alter table crews_posting alter column dl set not null;
alter table crews_posting add constraint crews_posting_dl check (dl >= tf);
create index crews_posting_ranking on crews_posting (org_id, term) include (passage_id, tf, dl);
