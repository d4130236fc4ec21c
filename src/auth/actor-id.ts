/**
 * The ids actors are recorded under, namespaced by who vouches for them, so that no
 * credential can pass for another kind of identity: a token whose `sub` is
 * `api-key:<keyId>` or the service's own id is still recorded as a token of its issuer.
 *
 *   api-key:<keyId>          an API key of the embedded default
 *   jwt:<issuer>#<sub>       a bearer JWT (an issuer has no fragment, so the first `#` ends it)
 *   privacy-ledger           the service itself (checkpoints it signs on its schedule)
 */
export const apiKeyActorId = (keyId: string): string => `api-key:${keyId}`;

export const jwtActorId = (issuer: string, subject: string): string => `jwt:${issuer}#${subject}`;

const NAMESPACES = ['api-key:', 'jwt:'];

/**
 * Whether an identity named in a grant (an inquiry's `readers`) is this actor. A name
 * without a namespace is a token subject, as readers were named before actor ids carried
 * their issuer; it never names an API key, whatever the token's subject says.
 */
export function namesActor(name: string, actorId: string): boolean {
  if (name === actorId) return true;
  if (NAMESPACES.some((namespace) => name.startsWith(namespace)) || !actorId.startsWith('jwt:')) return false;
  const fragment = actorId.indexOf('#');
  return fragment >= 0 && actorId.slice(fragment + 1) === name;
}
