import { useId } from "preact/hooks";
import type { Me } from "../api/auth.js";
import { api } from "./api.js";
import { useLocality } from "./i18n/index.js";

/** The header's part for a signed-in user: which workspace they look at, and signing out. */
export function AccountBar(props: {
  me: Me;
  workspaceId: string;
  onSwitch: (id: string) => void;
  onSignedOut: () => void;
}) {
  const { t } = useLocality();
  const switcher = useId();
  const signOut = (path: "/api/sign-out" | "/api/sign-out-everywhere") =>
    api(path, { method: "POST" }).finally(props.onSignedOut);
  return (
    <>
      {props.me.workspaces.length > 1 && (
        <div class="lang">
          <label for={switcher}>{t("workspace")}</label>
          <select
            id={switcher}
            name="workspace"
            value={props.workspaceId}
            onChange={(event) => props.onSwitch(event.currentTarget.value)}
          >
            {props.me.workspaces.map((workspace) => (
              <option key={workspace.id} value={workspace.id}>
                {workspace.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <section class="account" aria-label={t("account_menu")}>
        <span>{props.me.email}</span>
        <button type="button" class="secondary" onClick={() => signOut("/api/sign-out")}>
          {t("sign_out_session")}
        </button>
        <button type="button" class="secondary" onClick={() => signOut("/api/sign-out-everywhere")}>
          {t("sign_out_everywhere")}
        </button>
      </section>
    </>
  );
}
