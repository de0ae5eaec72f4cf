insert into bench_ceiling (org_id, payload) values ('00000000-0000-0000-0000-000000000001', '{"customer":"Ada","items":[{"price":7},{"price":8}],"country":"NL"}');
