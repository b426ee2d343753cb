import { CONVERSION_DAYS_TABLE, countConversionDaysSql } from "../conversion-days.js";
import { saltName, webhookSecretName } from "../secret-file.js";
import type { Store } from "../store.js";

/** A migration creates this table to have the database file written afresh (DuckDbStore.open). */
export const REWRITE_REQUEST = "file_rewrite_pending";

/** SQL, or code for a change SQL cannot make alone. */
type Migration = { version: number; name: string } & (
  | { sql: string }
  | { run: (store: Store) => Promise<void> }
);

/**
 * Schema versions, applied in order and recorded in `schema_migrations`. A released migration is
 * never edited: a change to the schema is a new entry at the end.
 */
export const DUCKDB_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "core tables",
    sql: `
CREATE TABLE workspaces (
  id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, currency VARCHAR NOT NULL, timezone VARCHAR NOT NULL,
  locale VARCHAR NOT NULL, allocation_rule VARCHAR NOT NULL, engagement_denominator VARCHAR NOT NULL,
  is_default BOOLEAN NOT NULL DEFAULT false, created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE import_runs (
  import_id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, file VARCHAR, format VARCHAR,
  rows_read BIGINT, inserted BIGINT, updated BIGINT, unchanged BIGINT, imported_at TIMESTAMPTZ DEFAULT now()
);
CREATE TABLE posts (
  workspace_id VARCHAR NOT NULL, post_id VARCHAR NOT NULL, network VARCHAR NOT NULL, published_at TIMESTAMPTZ NOT NULL,
  type VARCHAR, text VARCHAR, campaign VARCHAR, impressions BIGINT, reach BIGINT, engagements BIGINT, likes BIGINT,
  comments BIGINT, shares BIGINT, link_clicks BIGINT, account VARCHAR, url VARCHAR, paid BIGINT,
  extra JSON, import_id VARCHAR
);
CREATE TABLE account_days (
  workspace_id VARCHAR NOT NULL, date DATE NOT NULL, network VARCHAR NOT NULL, account VARCHAR,
  followers BIGINT, impressions BIGINT, reach BIGINT, engagements BIGINT, mentions BIGINT,
  profile_visits BIGINT, positive_mentions BIGINT, negative_mentions BIGINT, extra JSON, import_id VARCHAR
);
CREATE TABLE costs (
  cost_id VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, date DATE NOT NULL, end_date DATE, category VARCHAR NOT NULL,
  amount DOUBLE NOT NULL, currency VARCHAR NOT NULL, network VARCHAR, campaign VARCHAR, description VARCHAR,
  recurrence VARCHAR, extra JSON, import_id VARCHAR
);
CREATE TABLE conversions (
  workspace_id VARCHAR NOT NULL, conversion_id VARCHAR NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, type VARCHAR NOT NULL,
  value DOUBLE, currency VARCHAR, network VARCHAR, campaign VARCHAR, customer_id VARCHAR, click_id VARCHAR,
  post_id VARCHAR, extra JSON, import_id VARCHAR
);
CREATE TABLE customers (
  workspace_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, first_click_id VARCHAR, first_seen_at TIMESTAMPTZ
);
CREATE TABLE touchpoints (
  workspace_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, channel VARCHAR NOT NULL,
  network VARCHAR, campaign VARCHAR, extra JSON, import_id VARCHAR
);
CREATE TABLE traffic (
  workspace_id VARCHAR NOT NULL, date DATE NOT NULL, source VARCHAR NOT NULL, medium VARCHAR, campaign VARCHAR,
  sessions BIGINT, users BIGINT, revenue DOUBLE, currency VARCHAR, extra JSON, import_id VARCHAR
);
CREATE TABLE value_rules (
  rule_id VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, outcome VARCHAR NOT NULL, unit_value DOUBLE,
  currency VARCHAR NOT NULL, valid_from DATE, valid_to DATE, probability DOUBLE, price DOUBLE, network VARCHAR,
  superseded_at TIMESTAMPTZ, created_at TIMESTAMPTZ DEFAULT now(), extra JSON, import_id VARCHAR
);
CREATE TABLE goals (
  goal_id VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, goal VARCHAR NOT NULL, indicator VARCHAR NOT NULL,
  target DOUBLE NOT NULL, period_start DATE NOT NULL, period_end DATE NOT NULL, network VARCHAR, extra JSON, import_id VARCHAR
);
CREATE TABLE keyword_cpcs (
  workspace_id VARCHAR NOT NULL, keyword VARCHAR NOT NULL, cpc DOUBLE NOT NULL, currency VARCHAR NOT NULL,
  extra JSON, import_id VARCHAR
);
CREATE TABLE currency_rates (
  workspace_id VARCHAR NOT NULL, date DATE NOT NULL, currency VARCHAR NOT NULL, rate_to_reporting DOUBLE NOT NULL,
  extra JSON, import_id VARCHAR
);
CREATE VIEW campaigns AS
  SELECT workspace_id, campaign AS name, min(network) AS network FROM (
    SELECT workspace_id, campaign, network FROM posts UNION ALL
    SELECT workspace_id, campaign, network FROM costs UNION ALL
    SELECT workspace_id, campaign, network FROM conversions
  ) WHERE campaign IS NOT NULL AND campaign <> '' GROUP BY ALL;
CREATE VIEW accounts AS
  SELECT DISTINCT workspace_id, network, account FROM (
    SELECT workspace_id, network, account FROM posts UNION ALL SELECT workspace_id, network, account FROM account_days
  ) WHERE account IS NOT NULL;
`,
  },
  {
    version: 2,
    name: "tracking",
    sql: `
CREATE TABLE links (
  link_id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, slug VARCHAR NOT NULL, destination VARCHAR NOT NULL,
  network VARCHAR, campaign VARCHAR, post_id VARCHAR, utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR,
  utm_content VARCHAR, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_at TIMESTAMPTZ, archived_at TIMESTAMPTZ,
  UNIQUE (workspace_id, slug)
);
CREATE TABLE clicks (
  click_id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, link_id VARCHAR NOT NULL, occurred_at TIMESTAMPTZ NOT NULL,
  visitor_hash VARCHAR, device VARCHAR, browser VARCHAR, os VARCHAR, referrer_domain VARCHAR, country VARCHAR
);
CREATE TABLE visitor_salts (day DATE PRIMARY KEY, salt VARCHAR NOT NULL);
CREATE TABLE api_tokens (
  token_id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, token_hash VARCHAR NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(), revoked_at TIMESTAMPTZ
);
CREATE TABLE webhook_secrets (
  workspace_id VARCHAR NOT NULL, provider VARCHAR NOT NULL, secret VARCHAR NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (workspace_id, provider)
);
`,
  },
  {
    version: 3,
    name: "reports",
    sql: `
CREATE TABLE report_branding (
  workspace_id VARCHAR PRIMARY KEY, company VARCHAR, primary_color VARCHAR, accent_color VARCHAR,
  logo_base64 VARCHAR, logo_mime VARCHAR, updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE report_templates (
  workspace_id VARCHAR NOT NULL, name VARCHAR NOT NULL, sections VARCHAR NOT NULL, period VARCHAR NOT NULL,
  period_from DATE, period_to DATE, compare BOOLEAN NOT NULL DEFAULT true, lang VARCHAR,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (workspace_id, name)
);
CREATE TABLE report_smtp (
  workspace_id VARCHAR PRIMARY KEY, host VARCHAR NOT NULL, port INTEGER NOT NULL, secure BOOLEAN NOT NULL,
  username VARCHAR, password VARCHAR, from_address VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE report_schedules (
  schedule_id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, frequency VARCHAR NOT NULL, recipients VARCHAR NOT NULL,
  lang VARCHAR, template VARCHAR, created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE report_deliveries (
  schedule_id VARCHAR NOT NULL, period_from DATE NOT NULL, period_to DATE NOT NULL, status VARCHAR NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TIMESTAMPTZ, claimed_at TIMESTAMPTZ, sent_at TIMESTAMPTZ,
  error VARCHAR, PRIMARY KEY (schedule_id, period_from)
);
`,
  },
  {
    version: 4,
    name: "mentions",
    sql: `
CREATE TABLE mentions (
  workspace_id VARCHAR NOT NULL, mention_id VARCHAR NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, network VARCHAR NOT NULL,
  author VARCHAR, text VARCHAR, replied_at TIMESTAMPTZ, resolved BIGINT, language VARCHAR, extra JSON, import_id VARCHAR
);
`,
  },
  {
    version: 5,
    name: "local days",
    // The day of each post and conversion in its workspace's time zone (see store/local-days.ts).
    sql: `
ALTER TABLE posts ADD COLUMN local_day DATE;
ALTER TABLE conversions ADD COLUMN local_day DATE;
UPDATE posts SET local_day = CAST(timezone(w.timezone, posts.published_at) AS DATE)
  FROM workspaces w WHERE w.id = posts.workspace_id;
UPDATE conversions SET local_day = CAST(timezone(w.timezone, conversions.occurred_at) AS DATE)
  FROM workspaces w WHERE w.id = conversions.workspace_id;
`,
  },
  {
    version: 6,
    name: "clicks without a unique index; user agents awaiting description",
    // Maintaining a unique index cost as much as the rest of storing a click; click ids are new
    // random ids, and the one path that could store a click twice (replaying the click log)
    // checks for it. A click's user agent is kept only until its device, browser and OS are filled in.
    sql: `
CREATE TABLE clicks_unindexed (
  click_id VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, link_id VARCHAR NOT NULL, occurred_at TIMESTAMPTZ NOT NULL,
  visitor_hash VARCHAR, device VARCHAR, browser VARCHAR, os VARCHAR, referrer_domain VARCHAR, country VARCHAR,
  user_agent VARCHAR
);
INSERT INTO clicks_unindexed SELECT *, NULL FROM clicks;
DROP TABLE clicks;
ALTER TABLE clicks_unindexed RENAME TO clicks;
`,
  },
  {
    version: 7,
    name: "customers' first clicks",
    // Only a customer's first click was ever read back. Listing every customer id at each import
    // cost a grouping of all the workspace's conversions; customers are their conversions' ids.
    sql: `
CREATE TABLE customer_first_clicks (
  workspace_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, first_click_id VARCHAR NOT NULL
);
INSERT INTO customer_first_clicks
  SELECT workspace_id, customer_id, first_click_id FROM customers WHERE first_click_id IS NOT NULL;
DROP TABLE customers;
`,
  },
  {
    version: 8,
    name: "conversions counted by day",
    // Tracked conversions were written without their local day until now (see store/conversion-days.ts).
    sql: `
UPDATE posts SET local_day = CAST(timezone(w.timezone, posts.published_at) AS DATE)
  FROM workspaces w WHERE w.id = posts.workspace_id AND posts.local_day IS NULL;
UPDATE conversions SET local_day = CAST(timezone(w.timezone, conversions.occurred_at) AS DATE)
  FROM workspaces w WHERE w.id = conversions.workspace_id AND conversions.local_day IS NULL;
${CONVERSION_DAYS_TABLE};
${countConversionDaysSql("true")};
`,
  },
  {
    version: 9,
    name: "every post and conversion has its local day",
    // Apart from version 8: DuckDB adds a constraint only to a table without updates in the same transaction.
    sql: `
ALTER TABLE posts ALTER COLUMN local_day SET NOT NULL;
ALTER TABLE conversions ALTER COLUMN local_day SET NOT NULL;
`,
  },
  {
    version: 10,
    name: "refunds held aside",
    // Kept out of `conversions`, so that no figure counts a refund before its sale (see tracking/refunds.ts).
    sql: `
CREATE TABLE held_refunds (
  workspace_id VARCHAR NOT NULL, conversion_id VARCHAR NOT NULL, reason VARCHAR NOT NULL, source VARCHAR NOT NULL,
  invoice_id VARCHAR NOT NULL, refund_id VARCHAR NOT NULL, value DOUBLE NOT NULL, currency VARCHAR NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 11,
    name: "secrets out of the database file",
    // DuckDB keeps deleted values in its file: the visitor-hash salts and the webhook secrets move to
    // the secret file beside it (store/secret-file.ts), and a database that held any is written
    // afresh, so that neither they nor the salts deleted on earlier days are left in it.
    run: async (store) => {
      const salts = await store.all<{ day: string; salt: string }>(
        "SELECT strftime(day, '%Y-%m-%d') AS day, salt FROM visitor_salts",
      );
      const webhooks = await store.all<{ workspace_id: string; provider: string; secret: string }>(
        "SELECT workspace_id, provider, secret FROM webhook_secrets",
      );
      const moved: [string, string][] = [
        ...salts.map((s): [string, string] => [saltName(s.day), s.salt]),
        ...webhooks.map((w): [string, string] => [webhookSecretName(w.workspace_id, w.provider), w.secret]),
      ];
      if (moved.length > 0) store.secrets.update(moved);
      await store.run("DROP TABLE visitor_salts; DROP TABLE webhook_secrets;");
      if (moved.length > 0)
        await store.run(`CREATE TABLE ${REWRITE_REQUEST} (requested_at TIMESTAMPTZ DEFAULT now())`);
    },
  },
  {
    version: 12,
    name: "users, sessions, memberships and scoped tokens",
    // Only hashes of passwords, sessions and tokens are kept. Tokens made before scopes existed opened
    // every route: their NULL scopes still do (tracking/api-tokens.ts).
    sql: `
CREATE TABLE users (
  user_id VARCHAR PRIMARY KEY, email VARCHAR NOT NULL UNIQUE, password_hash VARCHAR NOT NULL,
  owns_instance BOOLEAN NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE user_sessions (
  session_hash VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(), expires_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE memberships (
  workspace_id VARCHAR NOT NULL, user_id VARCHAR NOT NULL, role VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (workspace_id, user_id)
);
ALTER TABLE api_tokens ADD COLUMN label VARCHAR;
ALTER TABLE api_tokens ADD COLUMN scopes VARCHAR;
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
`,
  },
  {
    version: 13,
    name: "the workspace each user chose last",
    // Kept on the server, not in the browser: the dashboard opens where the user left it on any device.
    sql: "ALTER TABLE users ADD COLUMN last_workspace_id VARCHAR;",
  },
  {
    version: 14,
    name: "audit log",
    // Who changed what in a workspace, with the values before and after (audit/record-change.ts).
    sql: `
CREATE TABLE audit_log (
  audit_id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor_kind VARCHAR NOT NULL, actor VARCHAR NOT NULL, object_type VARCHAR NOT NULL, object_id VARCHAR,
  action VARCHAR NOT NULL, old_value JSON, new_value JSON
);
`,
  },
  {
    version: 15,
    name: "password resets by e-mail, short-link domains per workspace",
    // Only the hash of a reset token is kept, as for sessions. A domain is the key: one workspace at most.
    sql: `
CREATE TABLE password_resets (
  token_hash VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(), expires_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE link_domains (
  domain VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 16,
    name: "lift tests of the marketing mix model",
    // Experiments a user entered: the model takes them in as evidence on the channel's effect (mmm/).
    sql: `
CREATE TABLE lift_tests (
  lift_test_id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, channel VARCHAR NOT NULL,
  period_start DATE NOT NULL, period_end DATE NOT NULL, kpi VARCHAR NOT NULL,
  incremental DOUBLE NOT NULL, low DOUBLE NOT NULL, high DOUBLE NOT NULL, note VARCHAR,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 17,
    name: "sentiment corrections",
    // A user's class for a mention, which outranks the model's. Kept apart from `mentions`, by its
    // natural key, so that importing the mention again keeps it (insights/correct-mention-sentiment.ts).
    sql: `
CREATE TABLE sentiment_corrections (
  workspace_id VARCHAR NOT NULL, network VARCHAR NOT NULL, mention_id VARCHAR NOT NULL,
  sentiment VARCHAR NOT NULL, corrected_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, network, mention_id)
);
`,
  },
  {
    version: 18,
    name: "user agents described after their clicks",
    // A click whose user agent was not described when it was stored keeps the agent, and its
    // description comes later as a row here: filling it into the click updated rows scattered
    // through the table, which in the cluster mode loaded and compared every click. Rows are only
    // ever added (no key is enforced: a description given twice says the same thing twice).
    sql: `
CREATE TABLE user_agents (
  workspace_id VARCHAR NOT NULL, agent VARCHAR NOT NULL, device VARCHAR NOT NULL, browser VARCHAR, os VARCHAR
);
`,
  },
];

export async function migrate(store: Store): Promise<void> {
  await store.run(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ DEFAULT now())",
  );
  const applied = new Set(
    (await store.all<{ version: number }>("SELECT version FROM schema_migrations")).map((r) => r.version),
  );
  // Versions are taken by different features in parallel, so the list order is not the apply order.
  for (const migration of [...DUCKDB_MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await store.transaction(async () => {
      if ("sql" in migration) await store.run(migration.sql);
      else await migration.run(store);
      await store.run("INSERT INTO schema_migrations (version, name) VALUES ($version, $name)", {
        version: migration.version,
        name: migration.name,
      });
    });
  }
}
