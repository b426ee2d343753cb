import type { Locale } from "../../domain/workspace.js";

/** The e-mail that lets a user who forgot their password choose a new one. */
export interface PasswordResetWords {
  subject: string;
  body: (a: { email: string; link: string; token: string; minutes: number }) => string;
}

const EN: PasswordResetWords = {
  subject: "Choose a new socialroi password",
  body: ({ email, link, token, minutes }) =>
    `Someone, probably you, asked to choose a new password for the socialroi account ${email}.\n\n` +
    `Open this link to choose it: ${link}\n\n` +
    `The link works once, for ${minutes} minutes. Setting the new password signs the account out everywhere.\n` +
    `Through the API: POST /api/password-reset/confirm with {"token": "${token}", "password": "…"}.\n\n` +
    "If you did not ask for this, ignore this e-mail: your password stays as it is.\n",
};

const FR: PasswordResetWords = {
  subject: "Choisissez un nouveau mot de passe socialroi",
  body: ({ email, link, token, minutes }) =>
    `Quelqu’un, sans doute vous, a demandé à choisir un nouveau mot de passe pour le compte socialroi ${email}.\n\n` +
    `Ouvrez ce lien pour le choisir : ${link}\n\n` +
    `Le lien sert une seule fois, pendant ${minutes} minutes. Le nouveau mot de passe déconnecte le compte partout.\n` +
    `Par l’API : POST /api/password-reset/confirm avec {"token": "${token}", "password": "…"}.\n\n` +
    "Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe reste inchangé.\n",
};

const NL: PasswordResetWords = {
  subject: "Kies een nieuw socialroi-wachtwoord",
  body: ({ email, link, token, minutes }) =>
    `Iemand, waarschijnlijk u, heeft gevraagd een nieuw wachtwoord te kiezen voor het socialroi-account ${email}.\n\n` +
    `Open deze link om het te kiezen: ${link}\n\n` +
    `De link werkt één keer, gedurende ${minutes} minuten. Met het nieuwe wachtwoord wordt het account overal afgemeld.\n` +
    `Via de API: POST /api/password-reset/confirm met {"token": "${token}", "password": "…"}.\n\n` +
    "Hebt u niets gevraagd, negeer dan deze e-mail: uw wachtwoord blijft ongewijzigd.\n",
};

export const PASSWORD_RESET_WORDS: Record<Locale, PasswordResetWords> = { en: EN, fr: FR, nl: NL };
