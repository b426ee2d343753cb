import { useEffect, useMemo, useState } from "preact/hooks";
import type { MetricDefinition } from "../api/analytics.js";
import type { AccessLevel, Me } from "../api/auth.js";
import type { Branding } from "../api/branding.js";
import type { Locale, Workspace } from "../api/workspace.js";
import { LANGUAGE_NAMES, type MessageKey, translator } from "../i18n/dashboard/index.js";
import { AccountBar } from "./account-bar.js";
import { type Access, ApiError, actInWorkspace, api, openSession } from "./api.js";
import { ErrorNotice, Loading } from "./components/fields.js";
import { PageLink } from "./components/page-link.js";
import { FilterBar } from "./filter-bar.js";
import { createFormatter } from "./format.js";
import { LocalityContext, useLocality } from "./i18n/index.js";
import { AttributionPage } from "./pages/attribution.js";
import { AuditPage } from "./pages/audit.js";
import { CampaignsPage, NetworksPage } from "./pages/breakdown.js";
import { CostsPage } from "./pages/costs.js";
import { GoalsPage } from "./pages/goals.js";
import { ImportsPage } from "./pages/imports.js";
import { InsightsPage } from "./pages/insights.js";
import { LinksPage } from "./pages/links.js";
import { MmmPage } from "./pages/mmm.js";
import { OverviewPage } from "./pages/overview.js";
import { PortfolioPage } from "./pages/portfolio.js";
import { PostsPage } from "./pages/posts.js";
import { ReportsPage } from "./pages/reports.js";
import { SettingsPage } from "./pages/settings.js";
import { ValueRulesPage } from "./pages/value-rules.js";
import { hrefFor, navigate, useRoute } from "./route.js";
import { ResetPassword, SignIn } from "./sign-in.js";
import { type AppState, AppStateContext } from "./state.js";

interface Page {
  path: string;
  title: MessageKey;
  component: () => preact.JSX.Element;
  /** Shown only once the server offers the API behind it. */
  feature?: keyof Access["features"];
  /** Pages about the figures of a period show the filter bar. */
  filtered?: boolean;
  /** What the caller needs in the workspace to see it (src/auth/access-levels.ts); "read" when absent. */
  level?: AccessLevel;
}

const PAGES: Page[] = [
  { path: "/", title: "nav_overview", component: OverviewPage, filtered: true, level: "report" },
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
  { path: "/mmm", title: "nav_mmm", component: MmmPage, filtered: true },
  { path: "/insights", title: "nav_insights", component: InsightsPage, feature: "insights", filtered: true },
  { path: "/goals", title: "nav_goals", component: GoalsPage },
  { path: "/links", title: "nav_links", component: LinksPage, feature: "links" },
  { path: "/imports", title: "nav_imports", component: ImportsPage },
  {
    path: "/reports",
    title: "nav_reports",
    component: ReportsPage,
    feature: "reports",
    filtered: true,
    level: "report",
  },
  { path: "/settings", title: "nav_settings", component: SettingsPage, level: "manage" },
  { path: "/audit", title: "nav_audit", component: AuditPage, filtered: true, level: "manage" },
  { path: "/portfolio", title: "nav_portfolio", component: PortfolioPage, level: "account" },
];

const LANG_KEY = "socialroi.lang";

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
  const [me, setMe] = useState<Me>();
  const [branding, setBranding] = useState<Branding>();
  const [failure, setFailure] = useState<Error>();
  const [chosenLang, setChosenLang] = useState<Locale | null>(
    () => localStorage.getItem(LANG_KEY) as Locale | null,
  );
  const [session, setSession] = useState(0);
  // An e-mailed reset link opens this page signed out: it needs nothing of the workspace.
  const resetToken = route.path === "/reset-password" ? (route.params.get("token") ?? "") : null;

  useEffect(() => {
    // Every API call but the access check needs the token, so the session comes first.
    openSession()
      .then(async (granted) => {
        if (granted.authenticated) {
          // A signed-in user's calls all name the workspace shown, so that none acts on another.
          const account = granted.levels.includes("account") ? await api<Me>("/api/me") : undefined;
          actInWorkspace(account?.workspace ?? undefined);
          const [ws, catalogue, brand] = await Promise.all([
            api<Workspace>("/api/workspace"),
            api<{ metrics: MetricDefinition[] }>("/api/metrics"),
            api<Branding>("/api/branding"),
          ]);
          setMe(account);
          setWorkspace(ws);
          setMetrics(catalogue.metrics);
          setBranding(brand);
        } else {
          actInWorkspace(undefined);
          setMe(undefined);
          setWorkspace(undefined);
          setBranding(undefined);
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

  // White label: a branded workspace's people see its colour, logo and name instead of socialroi's.
  const brand = branding?.branded ? branding : undefined;
  useEffect(() => {
    const root = document.documentElement.style;
    if (brand) root.setProperty("--accent", brand.accent_color);
    else root.removeProperty("--accent");
  }, [brand]);

  // A portfolio of one workspace would repeat its overview: it is offered to people with several.
  const pages = PAGES.filter(
    (p) =>
      (!p.feature || access?.features[p.feature]) &&
      access?.levels.includes(p.level ?? "read") &&
      (p.level !== "account" || (me?.workspaces.length ?? 0) > 1),
  );
  // A page the role may not see is named, not replaced by another: a shared URL says why it is empty.
  const withheld = pages.some((p) => p.path === route.path)
    ? undefined
    : PAGES.find((p) => p.path === route.path);
  const page = withheld ?? pages.find((p) => p.path === route.path) ?? pages[0] ?? PAGES[0]!;
  useEffect(() => {
    document.title = `${locality.t(page.title)} · ${brand?.company ?? "socialroi"}`;
  }, [page, locality, brand]);

  const reload = () => setSession((n) => n + 1);
  const switchWorkspace = async (id: string) => {
    await api("/api/me/workspace", { method: "PUT", body: { workspace: id } });
    actInWorkspace(id);
    reload();
  };
  const state: AppState | undefined =
    workspace && access
      ? { workspace, setWorkspace, access, refreshAccess: reload, switchWorkspace }
      : undefined;
  const Content = page.component;

  return (
    <LocalityContext.Provider value={locality}>
      <a class="skip" href="#content">
        {locality.t("skip_to_content")}
      </a>
      <header class="top" style={brand ? { background: brand.primary_color } : undefined}>
        <a
          class="brand"
          href={hrefFor("/")}
          onClick={(event) => {
            event.preventDefault();
            navigate(hrefFor("/"));
          }}
        >
          {brand?.logo && <img class="brand-logo" src={brand.logo} alt="" />}
          {brand?.company ?? (
            <>
              social<strong>roi</strong>
            </>
          )}
        </a>
        <span class="workspace-name">{workspace?.name}</span>
        {me && workspace && (
          <AccountBar
            me={me}
            workspaceId={workspace.id}
            onSwitch={(id) => switchWorkspace(id).catch(setFailure)}
            onSignedOut={reload}
          />
        )}
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
      {resetToken !== null ? (
        <ResetPassword token={resetToken} />
      ) : failure ? (
        <main id="content">
          <ErrorNotice error={failure instanceof ApiError ? failure : new ApiError(0, failure.message)} />
        </main>
      ) : access && !access.authenticated ? (
        <SignIn access={access} onSignedIn={reload} />
      ) : !state ? (
        <main id="content">
          <Loading />
        </main>
      ) : (
        <AppStateContext.Provider value={state}>
          {/* Another workspace's pages start afresh: nothing of the previous one stays on screen. */}
          <div class="layout" key={state.workspace.id}>
            <Navigation pages={pages} path={page.path} />
            <main id="content" tabIndex={-1}>
              <h1>{locality.t(page.title)}</h1>
              {withheld ? (
                <p class="notice" role="status">
                  {locality.t("page_not_available")}
                </p>
              ) : (
                <>
                  {page.filtered && <FilterBar />}
                  <Content key={page.path} />
                </>
              )}
            </main>
          </div>
        </AppStateContext.Provider>
      )}
    </LocalityContext.Provider>
  );
}
