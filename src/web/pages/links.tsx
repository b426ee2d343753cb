import { useEffect, useState } from "preact/hooks";
import { api, apiObjectUrl } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { CheckboxField, EditorForm, ErrorNotice, Loading, TextField, useForm } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { useCan } from "../state.js";
import { useApi, useSubmit } from "../use-api.js";

interface TrackedLink {
  id: string;
  slug: string;
  short_url: string;
  destination: string;
  redirects_to: string;
  network: string | null;
  campaign: string | null;
  post_id: string | null;
  clicks: number;
  leads: number;
  sales: number;
  revenue: number;
}

const EMPTY = { url: "", network: "", campaign: "", utm_source: "", utm_medium: "", post_id: "", slug: "" };

/** What the destination will look like with its UTM tags: the builder's preview before the server confirms it. */
function utmPreview(form: typeof EMPTY): string | undefined {
  try {
    const url = new URL(form.url);
    const tags = {
      utm_source: form.utm_source || form.network,
      utm_medium: form.utm_medium,
      utm_campaign: form.campaign,
    };
    for (const [name, value] of Object.entries(tags)) if (value) url.searchParams.set(name, value);
    return url.toString();
  } catch {
    return undefined;
  }
}

function LinkCreator({ onCreated }: { onCreated: () => void }) {
  const { t } = useLocality();
  const { form, setForm, field } = useForm(EMPTY);
  const [paid, setPaid] = useState(false);
  const [created, setCreated] = useState<TrackedLink & { warnings: string[] }>();
  const { submit, error, busy } = useSubmit(
    () =>
      api<TrackedLink & { warnings: string[] }>("/api/links", {
        method: "POST",
        // Empty fields are left out: the server fills in UTM defaults from the network and campaign.
        body: { ...Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== "")), paid },
      }),
    (link) => {
      setCreated(link);
      setForm(EMPTY);
      onCreated();
    },
  );
  const preview = utmPreview(form);
  return (
    <EditorForm title={t("create_link")} onSubmit={submit}>
      <div class="form-grid">
        <TextField label={t("destination")} type="url" required error={error} {...field("url")} />
        <TextField label={t("network")} error={error} {...field("network")} />
        <TextField label={t("campaign")} error={error} {...field("campaign")} />
        <TextField label={t("utm_source")} error={error} {...field("utm_source")} />
        <TextField label={t("utm_medium")} error={error} {...field("utm_medium")} />
        <TextField label={t("post_id")} error={error} {...field("post_id")} />
        <TextField label={t("slug")} error={error} {...field("slug")} />
      </div>
      <CheckboxField label={t("paid")} name="paid" checked={paid} onChange={setPaid} />
      {preview && (
        <p class="muted">
          {t("utm_preview")}: <code>{preview}</code>
        </p>
      )}
      <ErrorNotice error={error} />
      <button type="submit" disabled={busy}>
        {t("create")}
      </button>
      {created && (
        <div class="notice" role="status">
          {t("short_link")}: <a href={created.short_url}>{created.short_url}</a> →{" "}
          <code>{created.redirects_to}</code>
          {created.warnings.length > 0 && (
            <>
              <strong> {t("warnings")}:</strong>
              <ul>
                {created.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </EditorForm>
  );
}

function CopyButton({ text }: { text: string }) {
  const { t } = useLocality();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="secondary"
      aria-label={`${t("copy")} ${text}`}
      onClick={() => navigator.clipboard?.writeText(text).then(() => setCopied(true))}
    >
      {copied ? t("copied") : t("copy")}
    </button>
  );
}

/** The QR code is fetched with the token (an <img src> could not send it) and shown as a blob. */
function QrCode({ link }: { link: TrackedLink }) {
  const { t } = useLocality();
  const [source, setSource] = useState<string>();
  useEffect(() => () => source && URL.revokeObjectURL(source), [source]);
  return source ? (
    <img src={source} alt={t("qr_code", { slug: link.slug })} width={120} height={120} />
  ) : (
    <button
      type="button"
      class="secondary"
      onClick={() => apiObjectUrl(`/api/links/${link.id}/qr.svg`).then(setSource)}
    >
      {t("show_qr")}
    </button>
  );
}

export function LinksPage() {
  const { t, format } = useLocality();
  const links = useApi<{ links: TrackedLink[] }>("/api/links");
  const canWrite = useCan("write");
  return (
    <>
      {canWrite && <LinkCreator onCreated={links.reload} />}
      <ErrorNotice error={links.error} />
      {!links.data ? (
        <Loading />
      ) : links.data.links.length === 0 ? (
        <p>{t("no_links")}</p>
      ) : (
        <DataTable<TrackedLink>
          caption={t("links_title")}
          rows={links.data.links}
          rowKey={(l) => l.id}
          columns={[
            {
              key: "short_url",
              label: t("short_link"),
              sortValue: (l) => l.slug,
              render: (l) => (
                <span class="row-actions">
                  <a href={l.short_url}>{l.short_url}</a> <CopyButton text={l.short_url} />
                </span>
              ),
            },
            {
              key: "destination",
              label: t("destination"),
              render: (l) => <span class="url">{l.destination}</span>,
            },
            {
              key: "network",
              label: t("network"),
              sortValue: (l) => l.network,
              render: (l) => l.network ?? "",
            },
            {
              key: "campaign",
              label: t("campaign"),
              sortValue: (l) => l.campaign,
              render: (l) => l.campaign ?? "",
            },
            {
              key: "clicks",
              label: t("clicks"),
              numeric: true,
              sortValue: (l) => l.clicks,
              render: (l) => format.figure(l.clicks, "count"),
            },
            {
              key: "leads",
              label: t("leads"),
              numeric: true,
              sortValue: (l) => l.leads,
              render: (l) => format.figure(l.leads, "count"),
            },
            {
              key: "sales",
              label: t("sales"),
              numeric: true,
              sortValue: (l) => l.sales,
              render: (l) => format.figure(l.sales, "count"),
            },
            {
              key: "revenue",
              label: t("revenue"),
              numeric: true,
              sortValue: (l) => l.revenue,
              render: (l) => format.figure(l.revenue, "decimal"),
            },
            { key: "qr", label: t("show_qr"), render: (l) => <QrCode link={l} /> },
          ]}
        />
      )}
    </>
  );
}
