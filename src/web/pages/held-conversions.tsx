import type { CappedRefund, HeldConversion, HeldConversions } from "../../api/imports.js";
import { DataTable } from "../components/data-table.js";
import { PageLink } from "../components/page-link.js";
import { type Locality, useLocality } from "../i18n/index.js";
import { useApi } from "../use-api.js";

export const HELD_PATH = "/api/conversions/held";

function reasonText({ t, format }: Locality, held: HeldConversion): string {
  switch (held.reason) {
    case "waiting_for_rate":
      return t("held_reason_waiting_for_rate", {
        currency: held.currency,
        date: format.date(held.occurred_at),
      });
    case "unknown_sale":
      return t("held_reason_unknown_sale");
    case "other_currency":
      return t("held_reason_other_currency");
  }
}

/** The columns a held sale or refund and a capped refund share. */
function receivedColumns<Row extends HeldConversion | CappedRefund>({ t, format }: Locality) {
  return [
    {
      key: "occurred_at",
      label: t("date"),
      sortValue: (r: Row) => r.occurred_at,
      render: (r: Row) => format.dateTime(r.occurred_at),
    },
    { key: "source", label: t("source"), sortValue: (r: Row) => r.source, render: (r: Row) => r.source },
    { key: "reference", label: t("held_reference"), render: (r: Row) => <code>{r.reference}</code> },
  ];
}

/** On the Imports page: what is set aside and why, and the refunds capped at their sale. */
export function HeldConversionsList({ held }: { held: HeldConversions }) {
  const locality = useLocality();
  const { t, format } = locality;
  return (
    <>
      {held.held.length > 0 && (
        <section id="held">
          <h2>{t("held_title")}</h2>
          <p>{t("held_help")}</p>
          <DataTable<HeldConversion>
            caption={t("held_title")}
            rows={held.held}
            rowKey={(r) => r.conversion_id}
            columns={[
              ...receivedColumns<HeldConversion>(locality),
              {
                key: "type",
                label: t("held_type"),
                render: (r) => t(r.type === "sale" ? "held_sale" : "held_refund"),
              },
              {
                key: "amount",
                label: t("amount"),
                numeric: true,
                render: (r) => format.amount(r.amount, r.currency),
              },
              { key: "reason", label: t("held_reason"), render: (r) => reasonText(locality, r) },
            ]}
          />
          {held.count > held.held.length && (
            <p class="muted">{t("held_more", { shown: held.held.length, n: held.count })}</p>
          )}
        </section>
      )}
      {held.capped.length > 0 && (
        <section>
          <h2>{t("capped_title")}</h2>
          <p>{t("capped_help")}</p>
          <DataTable<CappedRefund>
            caption={t("capped_title")}
            rows={held.capped}
            rowKey={(r) => r.conversion_id}
            columns={[
              ...receivedColumns<CappedRefund>(locality),
              {
                key: "requested",
                label: t("capped_requested"),
                numeric: true,
                render: (r) => format.amount(r.requested, r.currency),
              },
              {
                key: "amount",
                label: t("capped_counted"),
                numeric: true,
                render: (r) => format.amount(r.amount, r.currency),
              },
            ]}
          />
        </section>
      )}
    </>
  );
}

/** On the Overview: how many tracked sales and refunds its figures leave out, and where to see why. */
export function HeldNotice() {
  const { t, format } = useLocality();
  const held = useApi<HeldConversions>(HELD_PATH);
  if (!held.data || held.data.count === 0) return null;
  return (
    <p class="notice" role="status">
      {t("held_notice", { n: format.figure(held.data.count, "count") })}{" "}
      <PageLink path="/imports">{t("held_see")}</PageLink>
    </p>
  );
}
