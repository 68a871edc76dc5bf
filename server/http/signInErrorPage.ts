// The page a browser lands on when a single sign-in fails: what happened, and a way back.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A complete HTML page (no script, no inline style: it passes the gateway's CSP). */
export function signInErrorPage(explanation: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tmuxgate: sign-in failed</title></head>
<body><h1>Sign-in failed</h1>
<p>${escapeHtml(explanation)}</p>
<p><a href="/login">Back to sign-in</a></p></body></html>`;
}
