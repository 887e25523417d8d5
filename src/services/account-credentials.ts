/**
 * Replacing an account's secrets (console account page): the application secret of the Routee face,
 * whose access tokens are revoked with it (a leaked secret must not leave tokens alive), and the API
 * key of the Octopush faces, and the SMPP password of client applications' binds. The new secret is returned once and stored only as its hash. Callbacks
 * are signed with the application secret: receivers check them with the new one from then on.
 */
import { newSecret, sha256Hex } from '../security/secrets.js';
import { setAccountSecretHash } from '../store/repositories/accounts.js';
import { deleteAccountTokens } from '../store/repositories/tokens.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { replaceSmppPassword } from './smpp-credentials.js';

export type RotatedCredential = 'applicationSecret' | 'octopushKey' | 'smppPassword';

export async function rotateCredential(
  ctx: ServiceContext,
  account: AccountRow,
  which: RotatedCredential,
): Promise<{ credential: RotatedCredential; secret: string; revokedTokens: number }> {
  if (which === 'smppPassword') {
    const { password } = await replaceSmppPassword(ctx, account.id);
    return { credential: which, secret: password, revokedTokens: 0 };
  }
  const secret = newSecret();
  if (which === 'octopushKey') {
    await setAccountSecretHash(ctx.store.db, account.id, 'api_key_hash', sha256Hex(secret));
    return { credential: which, secret, revokedTokens: 0 };
  }
  const revokedTokens = await ctx.store.db.transaction().execute(async (trx) => {
    await setAccountSecretHash(trx, account.id, 'client_secret_hash', sha256Hex(secret));
    return deleteAccountTokens(trx, account.id);
  });
  return { credential: which, secret, revokedTokens };
}
