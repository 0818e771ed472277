import { AUTHORIZATION_FIELDS } from './authorization-request';

export interface SignInPageContent {
  /** The authorization request, carried through the form unchanged. */
  request: Record<string, unknown>;
  tenant?: string;
  email?: string;
  error?: string;
}

export const SIGN_IN_STYLESHEET = '/oauth/sign-in.css';

/**
 * The sign-in page of the built-in issuer. No script and no inline style, so it works under
 * `default-src 'self'`; every value is escaped.
 */
export function signInPage({ request, tenant = '', email = '', error }: SignInPageContent): string {
  const hidden = AUTHORIZATION_FIELDS.filter((name) => typeof request[name] === 'string')
    .map(
      (name) => `<input type="hidden" name="${name}" value="${escapeHtml(String(request[name]))}">`,
    )
    .join('\n      ');
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in to Codex</title>
  <link rel="stylesheet" href="${SIGN_IN_STYLESHEET}">
</head>
<body>
  <main>
    <h1>Sign in to Codex</h1>
    ${alert}
    <form method="post" action="/oauth/authorize">
      ${hidden}
      <label for="tenant">Tenant</label>
      <input id="tenant" name="tenant" autocomplete="organization" required value="${escapeHtml(tenant)}">
      <label for="username">Email</label>
      <input id="username" name="username" type="email" autocomplete="username" required value="${escapeHtml(email)}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
  </main>
</body>
</html>
`;
}

/** A plain page for a request that cannot go back to the client. */
export function refusalPage(message: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign-in refused</title>
  <link rel="stylesheet" href="${SIGN_IN_STYLESHEET}">
</head>
<body>
  <main>
    <h1>Sign-in refused</h1>
    <p class="error" role="alert">${escapeHtml(message)}</p>
  </main>
</body>
</html>
`;
}

export const SIGN_IN_CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; }
main { width: min(24rem, calc(100vw - 2rem)); padding: 2rem; border: 1px solid GrayText; border-radius: 0.75rem; }
h1 { font-size: 1.4rem; margin: 0 0 1.5rem; }
form { display: grid; gap: 0.5rem; }
label { font-weight: 600; margin-top: 0.5rem; }
input { font: inherit; padding: 0.6rem; border: 1px solid GrayText; border-radius: 0.4rem; }
button { font: inherit; margin-top: 1rem; padding: 0.7rem; border: 0; border-radius: 0.4rem; background: #2457d6; color: #fff; font-weight: 600; cursor: pointer; }
button:focus-visible, input:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.error { color: #b3261e; font-weight: 600; }
`;

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
