import { useEffect, useMemo, useState } from "preact/hooks";
import type { MetricDefinition } from "../api/analytics.js";
import type { Locale, Workspace } from "../api/workspace.js";
import { LANGUAGE_NAMES, type MessageKey, translator } from "../i18n/dashboard/index.js";
import { type Access, ApiError, api, openSession, saveToken } from "./api.js";
import { ErrorNotice, Loading, TextField } from "./components/fields.js";
import { PageLink } from "./components/page-link.js";
import { FilterBar } from "./filter-bar.js";
import { createFormatter } from "./format.js";
import { LocalityContext, useLocality } from "./i18n/index.js";
import { AttributionPage } from "./pages/attribution.js";
import { CampaignsPage, NetworksPage } from "./pages/breakdown.js";
import { CostsPage } from "./pages/costs.js";
import { GoalsPage } from "./pages/goals.js";
import { ImportsPage } from "./pages/imports.js";
import { InsightsPage } from "./pages/insights.js";
import { LinksPage } from "./pages/links.js";
import { OverviewPage } from "./pages/overview.js";
import { PostsPage } from "./pages/posts.js";
import { ReportsPage } from "./pages/reports.js";
import { SettingsPage } from "./pages/settings.js";
import { ValueRulesPage } from "./pages/value-rules.js";
import { hrefFor, navigate, useRoute } from "./route.js";
import { type AppState, AppStateContext } from "./state.js";

interface Page {
  path: string;
  title: MessageKey;
  component: () => preact.JSX.Element;
  /** Shown only once the server offers the API behind it. */
  feature?: keyof Access["features"];
  /** Pages about the figures of a period show the filter bar. */
  filtered?: boolean;
}

const PAGES: Page[] = [
  { path: "/", title: "nav_overview", component: OverviewPage, filtered: true },
  { path: "/networks", title: "nav_networks", component: NetworksPage, filtered: true },
  { path: "/campaigns", title: "nav_campaigns", component: CampaignsPage, filtered: true },
  { path: "/posts", title: "nav_posts", component: PostsPage, filtered: true },
  { path: "/costs", title: "nav_costs", component: CostsPage, filtered: true },
  { path: "/value-rules", title: "nav_value_rules", component: ValueRulesPage, filtered: true },
  {
    path: "/attribution",
    title: "nav_attribution",
    component: AttributionPage,
    feature: "attribution",
    filtered: true,
  },
  { path: "/insights", title: "nav_insights", component: InsightsPage, feature: "insights", filtered: true },
  { path: "/goals", title: "nav_goals", component: GoalsPage },
  { path: "/links", title: "nav_links", component: LinksPage, feature: "links" },
  { path: "/imports", title: "nav_imports", component: ImportsPage },
  { path: "/reports", title: "nav_reports", component: ReportsPage, feature: "reports", filtered: true },
  { path: "/settings", title: "nav_settings", component: SettingsPage },
];

const LANG_KEY = "socialroi.lang";

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useLocality();
  const [token, setToken] = useState("");
  return (
    <main id="content" class="sign-in">
      <h1>{t("sign_in")}</h1>
      <p>{t("sign_in_help")}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          saveToken(token.trim());
          onSignedIn();
        }}
      >
        <TextField
          label={t("workspace_token")}
          name="token"
          type="password"
          value={token}
          onInput={setToken}
          required
        />
        <button type="submit">{t("sign_in")}</button>
      </form>
    </main>
  );
}

function Navigation({ pages, path }: { pages: Page[]; path: string }) {
  const { t } = useLocality();
  return (
    <nav aria-label={t("main_navigation")}>
      <ul>
        {pages.map((page) => (
          <li key={page.path}>
            <PageLink path={page.path} current={page.path === path}>
              {t(page.title)}
            </PageLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function App() {
  const route = useRoute();
  const [workspace, setWorkspace] = useState<Workspace>();
  const [metrics, setMetrics] = useState<MetricDefinition[]>([]);
  const [access, setAccess] = useState<Access>();
  const [failure, setFailure] = useState<Error>();
  const [chosenLang, setChosenLang] = useState<Locale | null>(
    () => localStorage.getItem(LANG_KEY) as Locale | null,
  );
  const [session, setSession] = useState(0);

  useEffect(() => {
    // Every API call but the access check needs the token, so the session comes first.
    openSession()
      .then(async (granted) => {
        if (granted.authenticated) {
          const [ws, catalogue] = await Promise.all([
            api<Workspace>("/api/workspace"),
            api<{ metrics: MetricDefinition[] }>("/api/metrics"),
          ]);
          setWorkspace(ws);
          setMetrics(catalogue.metrics);
        }
        setAccess(granted);
      })
      .catch(setFailure);
  }, [session]);

  const lang: Locale = chosenLang ?? workspace?.locale ?? "en";
  const locality = useMemo(() => {
    const t = translator(lang);
    const currency = workspace?.currency ?? "EUR";
    return {
      lang,
      t,
      currency,
      format: createFormatter(lang, currency, t("not_available")),
      metrics: new Map(metrics.map((m) => [m.id, m])),
    };
  }, [lang, workspace, metrics]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const pages = PAGES.filter((p) => !p.feature || access?.features[p.feature]);
  const page = pages.find((p) => p.path === route.path) ?? pages[0]!;
  useEffect(() => {
    document.title = `${locality.t(page.title)} · socialroi`;
  }, [page, locality]);

  const state: AppState | undefined =
    workspace && access
      ? { workspace, setWorkspace, access, refreshAccess: () => setSession((n) => n + 1) }
      : undefined;
  const Content = page.component;

  return (
    <LocalityContext.Provider value={locality}>
      <a class="skip" href="#content">
        {locality.t("skip_to_content")}
      </a>
      <header class="top">
        <a
          class="brand"
          href={hrefFor("/")}
          onClick={(event) => {
            event.preventDefault();
            navigate(hrefFor("/"));
          }}
        >
          social<strong>roi</strong>
        </a>
        <span class="workspace-name">{workspace?.name}</span>
        <label class="lang">
          <span>{locality.t("language")}</span>
          <select
            value={lang}
            onChange={(event) => {
              const next = event.currentTarget.value as Locale;
              localStorage.setItem(LANG_KEY, next);
              setChosenLang(next);
            }}
          >
            {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </header>
      {failure ? (
        <main id="content">
          <ErrorNotice error={failure instanceof ApiError ? failure : new ApiError(0, failure.message)} />
        </main>
      ) : !state ? (
        <main id="content">
          <Loading />
        </main>
      ) : !access?.authenticated ? (
        <SignIn onSignedIn={() => setSession((n) => n + 1)} />
      ) : (
        <AppStateContext.Provider value={state}>
          <div class="layout">
            <Navigation pages={pages} path={page.path} />
            <main id="content" tabIndex={-1}>
              <h1>{locality.t(page.title)}</h1>
              {page.filtered && <FilterBar />}
              <Content key={page.path} />
            </main>
          </div>
        </AppStateContext.Provider>
      )}
    </LocalityContext.Provider>
  );
}
