import { useState } from "preact/hooks";
import type { CustomerCare } from "../../api/insights.js";
import {
  MENTION_FILTERS,
  type MentionFilter,
  type MentionList,
  type ScoredMention,
  SENTIMENT_CLASSES,
  type SentimentClass,
} from "../../api/mentions.js";
import { networkName } from "../../i18n/network-names.js";
import { api } from "../api.js";
import { type Column, DataTable } from "../components/data-table.js";
import { ErrorNotice, Loading, SelectField } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { useCan } from "../state.js";
import { useApi, useSubmit } from "../use-api.js";

const PAGE = 20;

function mentionPath(mention: ScoredMention): string {
  return `/api/mentions/${encodeURIComponent(mention.network)}/${encodeURIComponent(mention.mention_id)}/sentiment`;
}

/** Satisfaction figures (model and corrections) and the mentions whose sentiment needs a person's eye. */
export function CustomerCareSection({ period }: { period: { from?: string; to?: string } }) {
  const { t, format } = useLocality();
  const [filter, setFilter] = useState<MentionFilter>("low-confidence");
  const care = useApi<CustomerCare>("/api/insights/care", period);
  const list = useApi<MentionList>("/api/mentions", { ...period, filter, limit: PAGE });
  const canWrite = useCan("write");
  const changed = () => {
    list.reload();
    care.reload();
  };
  const correct = useSubmit(
    (mention: ScoredMention, sentiment: SentimentClass) =>
      api(mentionPath(mention), { method: "PUT", body: { sentiment } }),
    changed,
  );
  const undo = useSubmit(
    (mention: ScoredMention) => api(mentionPath(mention), { method: "DELETE" }),
    changed,
  );
  const sentimentName = (sentiment: SentimentClass) => t(`sentiment_${sentiment}`);
  const count = (value: number | null) => format.figure(value, "count");
  const columns: Column<ScoredMention>[] = [
    {
      key: "occurred_at",
      label: t("mention_time"),
      sortValue: (m) => m.occurred_at,
      render: (m) => format.dateTime(m.occurred_at),
    },
    {
      key: "network",
      label: t("network"),
      sortValue: (m) => m.network,
      render: (m) => networkName(m.network),
    },
    // Mention texts come from imported files: rendered as text, never parsed.
    { key: "text", label: t("mention_text"), render: (m) => m.text ?? "" },
    {
      key: "model",
      label: t("mention_model_verdict"),
      sortValue: (m) => m.confidence,
      render: (m) =>
        t(m.low_confidence ? "mention_verdict_unsure" : "mention_verdict", {
          sentiment: sentimentName(m.model_sentiment),
          confidence: format.figure(m.confidence, "percent"),
        }),
    },
    {
      key: "sentiment",
      label: t("mention_sentiment"),
      sortValue: (m) => m.sentiment,
      render: (m) =>
        canWrite ? (
          // In a table row the column says what it is: the control's name is for screen readers.
          <select
            aria-label={`${t("mention_sentiment")}: ${m.mention_id}`}
            value={m.sentiment}
            onChange={(event) => correct.submit(m, event.currentTarget.value as SentimentClass)}
          >
            {SENTIMENT_CLASSES.map((s) => (
              <option key={s} value={s}>
                {sentimentName(s)}
              </option>
            ))}
          </select>
        ) : (
          sentimentName(m.sentiment)
        ),
    },
    {
      key: "source",
      label: t("source"),
      sortValue: (m) => m.source,
      render: (m) =>
        m.source === "user" && canWrite ? (
          <button
            type="button"
            aria-label={`${t("mention_undo")}: ${m.mention_id}`}
            onClick={() => undo.submit(m)}
          >
            {t("mention_undo")}
          </button>
        ) : (
          t(m.source === "user" ? "mention_source_user" : "mention_source_model")
        ),
    },
  ];
  return (
    <>
      <ErrorNotice error={care.error ?? list.error ?? correct.error ?? undo.error} />
      {care.data ? (
        <ul class="sentences">
          <li data-testid="care-sentiment">
            {t("care_sentiment", {
              mentions: count(care.data.mentions),
              positive: count(care.data.positive_mentions),
              negative: count(care.data.negative_mentions),
              neutral: count(care.data.neutral_mentions),
            })}
          </li>
          <li>
            {t("care_response", {
              answered: format.figure(care.data.share_answered, "percent"),
              median: format.figure(care.data.median_response_minutes, "decimal"),
              resolved: format.figure(care.data.share_resolved, "percent"),
            })}
          </li>
        </ul>
      ) : (
        !care.error && <Loading />
      )}
      <div class="toolbar">
        <SelectField
          label={t("mention_filter")}
          name="mention-filter"
          value={filter}
          options={MENTION_FILTERS.map((f) => ({ value: f, label: t(`mention_filter_${f}`) }))}
          onChange={(value) => setFilter(value as MentionFilter)}
        />
      </div>
      {list.data && (
        <>
          <p class="muted">
            {t("mentions_review_basis", {
              low: count(list.data.low_confidence),
              corrected: count(list.data.corrected),
              threshold: format.figure(list.data.low_confidence_below, "percent"),
              shown: count(list.data.mentions.length),
              total: count(list.data.total),
            })}
          </p>
          <DataTable<ScoredMention>
            caption={t("mentions_review_title")}
            columns={columns}
            rows={list.data.mentions}
            rowKey={(m) => `${m.network}/${m.mention_id}`}
          />
        </>
      )}
    </>
  );
}
