-- How a webhook Pilot checks that a delivery is authentic: Charter's own secret (in the URL or a header,
-- or a body signed with it), or the signature scheme of the sender (GitHub, Stripe, Slack, Shopify,
-- Standard Webhooks) under the signing secret that sender issued, kept in the vault.
alter table pilots_pilot add column verification text not null default 'charter'
    check (verification in ('charter', 'github', 'stripe', 'slack', 'shopify', 'standard-webhooks'));
alter table pilots_pilot add column signing_secret_id uuid;
alter table pilots_pilot add constraint pilots_pilot_signing_secret_fk foreign key (org_id, signing_secret_id)
    references vault_credential (org_id, id) on delete set null (signing_secret_id);
