import type { PostPerformance } from "../../api/posts.js";
import { DataTable, type SortState } from "../components/data-table.js";
import { ErrorNotice, Loading, SelectField } from "../components/fields.js";
import { setFilter, useFilters } from "../filter-bar.js";
import { useLocality } from "../i18n/index.js";
import { useRoute } from "../route.js";
import { useApi } from "../use-api.js";
import { figureColumn, PeriodLine } from "./figures.js";

interface PostRow extends PostPerformance {
  links: { slug: string; clicks: number; leads: number; sales: number; revenue: number }[];
}

interface PostsAnswer {
  from: string;
  to: string;
  matching: number;
  posts: PostRow[];
}

/** Every post of the period, sorted by the server (so "worst first" is really the bottom of all posts). */
export function PostsPage() {
  const locality = useLocality();
  const { t, format } = locality;
  const filters = useFilters();
  const params = useRoute().params;
  const sort: SortState = {
    key: params.get("sort") ?? "value",
    order: params.get("order") === "asc" ? "asc" : "desc",
  };
  const limit = params.get("limit") ?? "50";
  const posts = useApi<PostsAnswer>("/api/posts", {
    from: filters.from,
    to: filters.to,
    network: filters.network,
    campaign: filters.campaign,
    sort: sort.key,
    order: sort.order,
    limit,
  });
  const setView = (changes: Record<string, string>) => setFilter(changes);
  return (
    <>
      <PeriodLine report={posts.data} />
      <div class="toolbar">
        <SelectField
          label={t("order")}
          name="order"
          value={sort.order}
          options={[
            { value: "desc", label: t("best_first") },
            { value: "asc", label: t("worst_first") },
          ]}
          onChange={(order) => setView({ order })}
        />
        <SelectField
          label={t("show_count")}
          name="limit"
          value={limit}
          options={["10", "50", "200", "1000"].map((n) => ({ value: n, label: n }))}
          onChange={(value) => setView({ limit: value })}
        />
      </div>
      <ErrorNotice error={posts.error} />
      {!posts.data ? (
        <Loading />
      ) : (
        <>
          <p class="muted">
            {t("showing_posts", { shown: posts.data.posts.length, total: posts.data.matching })}
          </p>
          <DataTable<PostRow>
            caption={t("posts_title")}
            rows={posts.data.posts}
            rowKey={(p) => `${p.network}/${p.post_id}`}
            sort={sort}
            onSort={(next) => setView({ sort: next.key, order: next.order })}
            columns={[
              {
                key: "published_at",
                label: t("published"),
                sortValue: (p) => p.published_at,
                render: (p) => format.date(p.published_at),
              },
              { key: "network", label: t("network"), render: (p) => p.network },
              {
                key: "text",
                label: t("post"),
                // Imported text, rendered as text: Preact escapes it, nothing here is parsed as markup.
                render: (p) => <span class="post-text">{p.text ?? p.post_id}</span>,
              },
              { key: "type", label: t("format_type"), render: (p) => p.type ?? "" },
              { key: "campaign", label: t("campaign"), render: (p) => p.campaign ?? "" },
              figureColumn<PostRow>(locality, "impressions", "count", (p) => p.impressions),
              figureColumn<PostRow>(locality, "reach", "count", (p) => p.reach),
              figureColumn<PostRow>(locality, "engagements", "count", (p) => p.engagements),
              {
                ...figureColumn<PostRow>(locality, "clicks", "count", (p) => p.link_clicks),
                key: "link_clicks",
              },
              figureColumn<PostRow>(locality, "engagement_rate", "percent", (p) => p.engagement_rate),
              figureColumn<PostRow>(locality, "value", "money", (p) => p.value),
              {
                key: "links",
                label: t("tracked_links"),
                render: (p) =>
                  p.links.map((l) => (
                    <div key={l.slug} class="link-stat">
                      <code>{l.slug}</code> {format.figure(l.clicks, "count")} {t("clicks").toLowerCase()},{" "}
                      {format.figure(l.leads, "count")} {t("leads").toLowerCase()},{" "}
                      {format.figure(l.sales, "count")} {t("sales").toLowerCase()}
                    </div>
                  )),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
