/**
 * Connection strings and URIs may carry a user name and password (`scheme://user:pass@hosts`)
 * and secrets in options: never log them. This keeps the scheme, hosts and other options.
 */
export function redactConnection(connection: string): string {
  return connection
    .replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^?#]*@/, '$1***@')
    .replace(/([?&][^=&]*(?:password|secret|token)[^=&]*=)[^&]*/gi, '$1***');
}

/**
 * A message that may quote a connection string (a driver's parse error, say): every
 * credential found in `connection` is blotted out of it, encoded or not, as is the whole
 * string itself.
 */
export function redactMessage(message: string, connection: string): string {
  const userInfo = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^?#]*)@/.exec(connection)?.[1];
  const secrets = new Set<string>([connection]);
  if (userInfo) {
    secrets.add(userInfo);
    for (const part of userInfo.split(':')) {
      if (part.length === 0) continue;
      secrets.add(part);
      secrets.add(safeDecode(part));
    }
  }
  let redacted = message;
  // Longest first, so a password is not left half-visible by a shorter part of it.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) redacted = redacted.split(secret).join(secret === connection ? redactConnection(connection) : '***');
  }
  return redacted;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
