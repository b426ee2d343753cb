import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Access } from "../api/auth.js";
import type { MessageKey } from "../i18n/dashboard/index.js";
import { type ApiError, api, saveToken } from "./api.js";
import { ErrorNotice, TextField } from "./components/fields.js";
import { useLocality } from "./i18n/index.js";
import { useSubmit } from "./use-api.js";

/** The refusals a person signing in can act on, in their language; anything else as the server said it. */
function signInProblem(error: ApiError): MessageKey | undefined {
  if (error.code === "rate_limited") return "sign_in_too_many";
  if (error.code === "unauthorized") return "sign_in_wrong";
  if (error.issues.some((issue) => issue.path === "email")) return "sign_in_bad_email";
  return undefined;
}

function SignInForm(props: { onSubmit: () => void; busy?: boolean; children: ComponentChildren }) {
  const { t } = useLocality();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
      <button type="submit" disabled={props.busy}>
        {t("sign_in")}
      </button>
    </form>
  );
}

function PasswordSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useLocality();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { submit, error, busy } = useSubmit(
    () => api("/api/sign-in", { method: "POST", body: { email, password } }),
    () => {
      // A token kept from single-user mode would speak for this browser instead of the account.
      saveToken(null);
      onSignedIn();
    },
  );
  const problem = error && signInProblem(error);
  return (
    <>
      <p>{t("sign_in_accounts_help")}</p>
      <SignInForm onSubmit={submit} busy={busy}>
        <TextField label={t("email")} name="email" value={email} onInput={setEmail} required />
        <TextField
          label={t("password")}
          name="password"
          type="password"
          value={password}
          onInput={setPassword}
          required
        />
        {problem ? (
          <p class="notice error" role="alert">
            {t(problem)}
          </p>
        ) : (
          <ErrorNotice error={error} />
        )}
      </SignInForm>
    </>
  );
}

function TokenSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useLocality();
  const [token, setToken] = useState("");
  return (
    <>
      <p>{t("sign_in_help")}</p>
      <SignInForm
        onSubmit={() => {
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
      </SignInForm>
    </>
  );
}

/** With accounts on the server, e-mail and password; before the first one, a workspace token. */
export function SignIn({ access, onSignedIn }: { access: Access; onSignedIn: () => void }) {
  const { t } = useLocality();
  return (
    <main id="content" class="sign-in">
      <h1>{t("sign_in")}</h1>
      {access.accounts ? <PasswordSignIn onSignedIn={onSignedIn} /> : <TokenSignIn onSignedIn={onSignedIn} />}
    </main>
  );
}
