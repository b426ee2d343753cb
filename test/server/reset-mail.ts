/** The text of an e-mail as its reader sees it: quoted-printable decoded, UTF-8 read. */
export function mailText(raw: string): string {
  const bytes = raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** The token of a password-reset e-mail's link. */
export function tokenOfResetMail(raw: string): string {
  const token = /reset-password\?token=([\w-]+)/.exec(mailText(raw))?.[1];
  if (!token) throw new Error(`no reset link in the e-mail:\n${raw}`);
  return token;
}
