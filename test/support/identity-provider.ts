import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An identity provider's signing key, its public key published as a local JWKS file (kid `idp-1`). */
export async function identityProvider(dir: string): Promise<{ readonly jwksFile: string; readonly signing: CryptoKey }> {
  const pair = await generateKeyPair('ES256');
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' }] }));
  return { jwksFile, signing: pair.privateKey };
}
