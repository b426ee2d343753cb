import { useState } from "preact/hooks";
import { ALLOCATION_RULES, ENGAGEMENT_DENOMINATORS, LOCALES, type Workspace } from "../../api/workspace.js";
import { LANGUAGE_NAMES, type MessageKey } from "../../i18n/dashboard/index.js";
import { api, saveToken } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { EditorForm, ErrorNotice, SelectField, TextField } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { useAppState } from "../state.js";
import { useApi, useSubmit } from "../use-api.js";

function WorkspaceForm() {
  const { t } = useLocality();
  const { workspace, setWorkspace } = useAppState();
  const [form, setForm] = useState(workspace);
  const [saved, setSaved] = useState(false);
  const { submit, error, busy } = useSubmit(
    () =>
      api<Workspace>("/api/workspace", {
        method: "PATCH",
        body: {
          name: form.name,
          currency: form.currency,
          timezone: form.timezone,
          locale: form.locale,
          allocation_rule: form.allocation_rule,
          engagement_denominator: form.engagement_denominator,
        },
      }),
    (updated) => {
      setWorkspace(updated);
      setSaved(true);
    },
  );
  const set = (changes: Partial<Workspace>) => {
    setSaved(false);
    setForm({ ...form, ...changes });
  };
  return (
    <EditorForm title={t("workspace")} onSubmit={submit}>
      <div class="form-grid">
        <TextField
          label={t("name")}
          name="name"
          required
          error={error}
          value={form.name}
          onInput={(name) => set({ name })}
        />
        <TextField
          label={t("currency")}
          name="currency"
          required
          error={error}
          value={form.currency}
          onInput={(currency) => set({ currency })}
        />
        <TextField
          label={t("timezone")}
          name="timezone"
          required
          error={error}
          value={form.timezone}
          onInput={(timezone) => set({ timezone })}
        />
        <SelectField
          label={t("default_language")}
          name="locale"
          value={form.locale}
          error={error}
          options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          onChange={(locale) => set({ locale: locale as Workspace["locale"] })}
        />
        <SelectField
          label={t("allocation_rule")}
          name="allocation_rule"
          value={form.allocation_rule}
          error={error}
          options={ALLOCATION_RULES.map((r) => ({ value: r, label: t(`alloc_${r}` as MessageKey) }))}
          onChange={(rule) => set({ allocation_rule: rule as Workspace["allocation_rule"] })}
        />
        <SelectField
          label={t("engagement_denominator")}
          name="engagement_denominator"
          value={form.engagement_denominator}
          error={error}
          options={ENGAGEMENT_DENOMINATORS.map((d) => ({ value: d, label: t(`den_${d}` as MessageKey) }))}
          onChange={(d) => set({ engagement_denominator: d as Workspace["engagement_denominator"] })}
        />
      </div>
      <ErrorNotice error={error} />
      <button type="submit" disabled={busy}>
        {t("save")}
      </button>
      {saved && (
        <span role="status" class="muted">
          {" "}
          {t("saved")}
        </span>
      )}
    </EditorForm>
  );
}

function Tokens() {
  const { t, format } = useLocality();
  const { access, refreshAccess } = useAppState();
  const tokens = useApi<{ tokens: { token_id: string; created_at: string }[] }>("/api/tokens");
  const [fresh, setFresh] = useState<string>();
  const create = useSubmit(
    () => api<{ token: string }>("/api/tokens", { method: "POST" }),
    ({ token }) => {
      setFresh(token);
      tokens.reload();
    },
  );
  const revoke = useSubmit(
    (id: string) => api(`/api/tokens/${id}`, { method: "DELETE" }),
    () => {
      tokens.reload();
      refreshAccess();
    },
  );
  return (
    <section>
      <h2>{t("access_title")}</h2>
      <p class="notice" data-access-mode={access.mode}>
        {t(access.mode === "local" ? "access_local" : "access_token")}
      </p>
      <h3>{t("tokens_title")}</h3>
      <ErrorNotice error={create.error ?? revoke.error ?? tokens.error} />
      {tokens.data && (
        <DataTable
          caption={t("tokens_title")}
          rows={tokens.data.tokens}
          rowKey={(r) => r.token_id}
          columns={[
            { key: "token_id", label: "id", render: (r) => <code>{r.token_id}</code> },
            { key: "created_at", label: t("created"), render: (r) => format.dateTime(r.created_at) },
            {
              key: "revoke",
              label: "",
              render: (r) => (
                <button
                  type="button"
                  class="danger"
                  aria-label={`${t("revoke")} ${r.token_id}`}
                  onClick={() => revoke.submit(r.token_id)}
                >
                  {t("revoke")}
                </button>
              ),
            },
          ]}
        />
      )}
      <div class="actions">
        <button type="button" onClick={() => create.submit()}>
          {t("new_token")}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            saveToken(null);
            refreshAccess();
          }}
        >
          {t("sign_out")}
        </button>
      </div>
      {fresh && (
        <p class="notice" role="status">
          {t("token_once")} <code>{fresh}</code>
        </p>
      )}
    </section>
  );
}

export function SettingsPage() {
  const { t } = useLocality();
  return (
    <>
      <WorkspaceForm />
      <Tokens />
      <section>
        <h2>{t("branding")}</h2>
        <p class="muted">{t("branding_help")}</p>
      </section>
    </>
  );
}
