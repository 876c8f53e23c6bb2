import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Role } from '../../shared/roles';

/**
 * Local stand-in for Cognito: mints access tokens with the claims a Cognito user pool puts in them
 * (roles travel as `cognito:groups`), signed RS256, and verifies them the way the API Gateway JWT
 * authorizer does (signature, issuer, client id, expiry), and accepts access tokens only.
 *
 * The key pair and pool settings are created on first use and kept in `<dataDir>/identity/`, so tokens
 * printed by `npm run token` keep working across restarts of `npm start`.
 */
export interface IdentitySettings {
  issuer: string;
  userPoolId: string;
  clientId: string;
  keyId: string;
}

/** Claims of a Cognito access token, as the token carries them (before API Gateway renders them). */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  iss: string;
  client_id: string;
  token_use: 'access';
  scope: string;
  auth_time: number;
  username: string;
  'cognito:groups'?: string[];
  iat: number;
  exp: number;
  jti: string;
}

export interface MintOptions {
  userId: string;
  roles: readonly Role[];
  /** Cognito's default access-token lifetime is one hour; local tokens last a working day by default. */
  expiresInSeconds?: number;
}

export interface LocalIdentity {
  readonly settings: IdentitySettings;
  mint(options: MintOptions): Promise<string>;
  /** Resolves with the claims of a valid token; rejects (with a reason) otherwise. */
  verify(token: string): Promise<AccessTokenClaims>;
  /** Public keys, as a Cognito pool publishes them at `/.well-known/jwks.json`. */
  jwks(): Promise<JSONWebKeySet>;
}

const ALG = 'RS256';
const DEFAULT_LIFETIME_SECONDS = 12 * 60 * 60;

export async function loadIdentity(dataDir: string): Promise<LocalIdentity> {
  const dir = path.join(dataDir, 'identity');
  const stored = (await readStored(dir)) ?? (await createStored(dir));
  const privateKey = await importPKCS8(stored.privatePem, ALG);
  const publicKey = await importSPKI(stored.publicPem, ALG, { extractable: true });
  const { settings } = stored;

  return {
    settings,
    async mint({ userId, roles, expiresInSeconds = DEFAULT_LIFETIME_SECONDS }) {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        sub: stableSub(settings.userPoolId, userId),
        client_id: settings.clientId,
        origin_jti: randomUUID(),
        event_id: randomUUID(),
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: now,
        username: userId,
        // Cognito leaves the claim out for a user in no group.
        ...(roles.length ? { 'cognito:groups': [...roles] } : {}),
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: ALG, kid: settings.keyId })
        .setIssuer(settings.issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, {
        algorithms: [ALG],
        issuer: settings.issuer,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      });
      // Stricter than API Gateway's JWT authorizer, which would take an ID token (its `aud` is the
      // client id): only access tokens of this client open the API. In AWS the handlers refuse the
      // rest (shared/http/actor.ts), as the authorizer cannot look at `token_use`.
      if (payload['token_use'] !== 'access') throw new Error('not an access token');
      if (payload['client_id'] !== settings.clientId) throw new Error('token is for another client');
      return payload as AccessTokenClaims;
    },
    async jwks() {
      const jwk = await exportJWK(publicKey);
      return { keys: [{ ...jwk, kid: settings.keyId, alg: ALG, use: 'sig' }] };
    },
  };
}

/** Cognito's `sub` is a UUID per user; derive one from the user id so it is the same on every start. */
function stableSub(userPoolId: string, userId: string): string {
  const hex = createHash('sha256').update(`${userPoolId}/${userId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Stored {
  settings: IdentitySettings;
  privatePem: string;
  publicPem: string;
}

async function readStored(dir: string): Promise<Stored | undefined> {
  try {
    const [settings, privatePem, publicPem] = await Promise.all([
      readFile(path.join(dir, 'settings.json'), 'utf8'),
      readFile(path.join(dir, 'private.pem'), 'utf8'),
      readFile(path.join(dir, 'public.pem'), 'utf8'),
    ]);
    return { settings: JSON.parse(settings) as IdentitySettings, privatePem, publicPem };
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Generates a pool in a private directory and moves it into place, so `npm start` and `npm run token`
 * started together cannot end up with two different keys: whoever renames second reads the winner's.
 */
async function createStored(dir: string): Promise<Stored> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const userPoolId = `local_${randomBytes(6).toString('hex')}`;
  const stored: Stored = {
    settings: {
      // Shaped like Cognito's `https://cognito-idp.<region>.amazonaws.com/<poolId>`, but clearly local.
      issuer: `http://localhost/local-cognito/${userPoolId}`,
      userPoolId,
      clientId: `local-${randomBytes(10).toString('hex')}`,
      keyId: randomBytes(8).toString('hex'),
    },
    privatePem: await exportPKCS8(privateKey),
    publicPem: await exportSPKI(publicKey),
  };
  const work = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(work, { recursive: true, mode: 0o700 });
  await writeFile(path.join(work, 'settings.json'), `${JSON.stringify(stored.settings, null, 2)}\n`);
  await writeFile(path.join(work, 'private.pem'), stored.privatePem, { mode: 0o600 });
  await writeFile(path.join(work, 'public.pem'), stored.publicPem);
  try {
    await rename(work, dir);
    return stored;
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    const winner = await readStored(dir);
    if (winner) return winner;
    throw error;
  }
}
