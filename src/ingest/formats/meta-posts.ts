import { quoteIdent, quoteLiteral } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import type { FileProbe } from "../probe-file.js";
import {
  findColumn,
  headerScore,
  literal,
  localTimestampSql,
  presentColumns,
  presentCounts,
  requireColumn,
  skippingRows,
} from "./shared.js";

/** Instagram exports name the account (`Account ID`), Facebook ones the page (`Page ID`). */
function network(probe: FileProbe): "instagram" | "facebook" {
  return findColumn(probe, "Account ID", "Account username") && !findColumn(probe, "Page ID")
    ? "instagram"
    : "facebook";
}

/** Meta Business Suite post export (Facebook page or Instagram account), lifetime figures per post. */
export const metaPosts: FileFormat = {
  name: "meta-posts",
  slashedDates: "mdy",
  description:
    "Meta Business Suite Facebook/Instagram post export (Post ID, Publish time, Views/Impressions, …) → posts",
  detect(probe) {
    return headerScore(
      probe,
      [["Post ID"], ["Publish time"], ["Page ID", "Account ID", "Account username"]],
      ["Permalink", "Post type", "Views", "Impressions", "Reach", "Reactions", "Comments", "Shares", "Date"],
    );
  },
  mappings(probe) {
    const publishTime = requireColumn(probe, "Publish time");
    const lifetime = findColumn(probe, "Date");
    const interactions = findColumn(probe, "Reactions, comments and shares");
    return [
      {
        target: "posts",
        ...(lifetime
          ? skippingRows([
              {
                when: `coalesce(lower(trim(${quoteIdent(lifetime)})), 'lifetime') <> 'lifetime'`,
                reason: quoteLiteral(
                  `rows of one day ("${lifetime}" is not Lifetime; posts keep lifetime figures)`,
                ),
              },
            ])
          : {}),
        columns: {
          ...presentColumns(probe, {
            post_id: "Post ID",
            type: "Post type",
            text: ["Description", "Title"],
            url: "Permalink",
            account: ["Page name", "Account username", "Account name"],
          }),
          ...presentCounts(probe, {
            impressions: ["Views", "Impressions"],
            reach: "Reach",
            likes: ["Reactions", "Likes"],
            comments: "Comments",
            shares: "Shares",
            link_clicks: "Link clicks",
            ...(interactions ? { engagements: interactions } : {}),
          }),
          network: literal(network(probe)),
          published_at: localTimestampSql(publishTime, ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]),
        },
      },
    ];
  },
  warnings(probe) {
    return findColumn(probe, "Impressions") && !findColumn(probe, "Views")
      ? ['older export: "Impressions" (since renamed "Views") read as impressions']
      : [];
  },
};
