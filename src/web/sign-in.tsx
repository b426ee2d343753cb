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

function SignInForm(props: {
  onSubmit: () => void;
  busy?: boolean;
  action?: MessageKey;
  children: ComponentChildren;
}) {
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
        {t(props.action ?? "sign_in")}
      </button>
    </form>
  );
}

/** Asks for the e-mail with a reset link: the server answers alike whether the address has an account or not. */
function ForgottenPassword() {
  const { t, lang } = useLocality();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { submit, error, busy } = useSubmit(
    () => api("/api/password-reset", { method: "POST", body: { email, lang } }),
    () => setSent(true),
  );
  if (sent)
    return (
      <p class="notice" role="status">
        {t("reset_requested")}
      </p>
    );
  return (
    <details>
      <summary>{t("forgot_password")}</summary>
      <p>{t("reset_request_help")}</p>
      <SignInForm onSubmit={submit} busy={busy} action="reset_send">
        <TextField label={t("reset_email")} name="reset-email" value={email} onInput={setEmail} required />
        <ErrorNotice error={error} />
      </SignInForm>
    </details>
  );
}

/** The page an e-mailed reset link opens: a new password, set with the link's one-time token. */
export function ResetPassword({ token }: { token: string }) {
  const { t } = useLocality();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const { submit, error, busy } = useSubmit(
    () => api("/api/password-reset/confirm", { method: "POST", body: { token, password } }),
    () => setDone(true),
  );
  const badToken = error?.issues.some((issue) => issue.path === "token");
  return (
    <main id="content" class="sign-in">
      <h1>{t("reset_password")}</h1>
      {done ? (
        <p class="notice" role="status">
          {t("reset_done")} <a href="/">{t("sign_in")}</a>
        </p>
      ) : (
        <SignInForm onSubmit={submit} busy={busy} action="reset_password">
          <TextField
            label={t("new_password")}
            name="new-password"
            type="password"
            value={password}
            onInput={setPassword}
            required
          />
          {badToken ? (
            <p class="notice error" role="alert">
              {t("reset_bad_token")}
            </p>
          ) : (
            <ErrorNotice error={error} />
          )}
        </SignInForm>
      )}
    </main>
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
      <ForgottenPassword />
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
