import type { Actor } from '../event-store/event-store.port.js';

/**
 * The identity a request acts as. Authentication (bearer JWTs, API keys) sets
 * `request.actor`; until it is configured every request acts as `anonymous`, and the
 * events say so. The body can never name the actor.
 */
export const ANONYMOUS: Actor = { id: 'anonymous', role: 'anonymous' };

export function actorOf(request: { actor?: Actor }): Actor {
  return request.actor ?? ANONYMOUS;
}
