/** HTTP digest authentication for SIP (RFC 2617 / 3261 §22), MD5, with or without qop=auth. Pure. */
import { createHash, randomBytes } from 'node:crypto';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export interface Challenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm?: string;
  qop?: string;
}

export function parseChallenge(value: string): Challenge | null {
  if (!/^\s*digest\s/i.test(value)) return null;
  const params: Record<string, string> = {};
  for (const m of value.matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|([^,\s]+))/g))
    params[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  if (!params.realm || !params.nonce) return null;
  return {
    realm: params.realm,
    nonce: params.nonce,
    ...(params.opaque !== undefined && { opaque: params.opaque }),
    ...(params.algorithm !== undefined && { algorithm: params.algorithm }),
    ...(params.qop !== undefined && { qop: params.qop }),
  };
}

export function digestResponse(a: {
  method: string;
  uri: string;
  username: string;
  password: string;
  challenge: Challenge;
  cnonce?: string;
  nc?: number;
}): string {
  const c = a.challenge;
  const ha1 = md5(`${a.username}:${c.realm}:${a.password}`);
  const ha2 = md5(`${a.method}:${a.uri}`);
  const qop = c.qop
    ?.split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const cnonce = a.cnonce ?? randomBytes(8).toString('hex');
  const nc = (a.nc ?? 1).toString(16).padStart(8, '0');
  const response = qop
    ? md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : md5(`${ha1}:${c.nonce}:${ha2}`);
  const fields = [
    `username="${a.username}"`,
    `realm="${c.realm}"`,
    `nonce="${c.nonce}"`,
    `uri="${a.uri}"`,
    `response="${response}"`,
    'algorithm=MD5',
  ];
  if (c.opaque !== undefined) fields.push(`opaque="${c.opaque}"`);
  if (qop) fields.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${fields.join(', ')}`;
}

/** Server side: does an Authorization header answer the challenge for this user and password? */
export function verifyDigest(
  authorization: string,
  method: string,
  username: string,
  password: string,
): boolean {
  const p: Record<string, string> = {};
  for (const m of authorization.matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|([^,\s]+))/g))
    p[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  if (p.username !== username || !p.realm || !p.nonce || !p.uri || !p.response) return false;
  const expected = digestResponse({
    method,
    uri: p.uri,
    username,
    password,
    challenge: { realm: p.realm, nonce: p.nonce, ...(p.qop && { qop: p.qop }) },
    ...(p.cnonce && { cnonce: p.cnonce }),
    ...(p.nc && { nc: parseInt(p.nc, 16) }),
  });
  return expected.includes(`response="${p.response}"`);
}
