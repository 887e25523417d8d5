/**
 * Which node runs an SMPP link. SQLite: one node, which owns everything. PostgreSQL: each link is
 * owned by one node at a time through an advisory lock held on a dedicated connection: when the
 * owner dies its connection closes, the lock is freed, and another node takes the link over at its
 * next ownership check.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export interface LinkOwnership {
  /** Tries to own a link; true when this node owns it (now or already). */
  acquire(linkId: string): Promise<boolean>;
  release(linkId: string): Promise<void>;
  close(): Promise<void>;
}

/** SQLite: one node, which owns everything. */
export const SOLE_OWNER: LinkOwnership = {
  acquire: async () => true,
  release: async () => undefined,
  close: async () => undefined,
};

export class PostgresLinkOwnership implements LinkOwnership {
  private client: pg.Client | undefined;
  private readonly owned = new Set<string>();
  /** Advisory locks are database-wide: the schema keeps two Herald clusters in one database apart. */
  private namespace = '';

  constructor(
    private readonly url: string,
    private readonly schema?: string,
  ) {}

  private async connection(): Promise<pg.Client> {
    if (!this.client) {
      const client = new pg.Client({
        connectionString: this.url,
        ...(this.schema ? { options: `-c search_path=${this.schema}` } : {}),
      });
      client.on('error', () => {
        // The connection is gone, and with it every lock: start over.
        this.owned.clear();
        this.client = undefined;
      });
      await client.connect();
      const r = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      this.namespace = r.rows[0]?.schema ?? '';
      this.client = client;
    }
    return this.client;
  }

  private key(linkId: string): string {
    return createHash('sha256')
      .update(`herald-link:${this.namespace}:${linkId}`)
      .digest()
      .readBigInt64BE(0)
      .toString();
  }

  async acquire(linkId: string): Promise<boolean> {
    if (this.owned.has(linkId)) return true;
    const client = await this.connection();
    const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [
      this.key(linkId),
    ]);
    if (r.rows[0]?.ok) this.owned.add(linkId);
    return this.owned.has(linkId);
  }

  async release(linkId: string): Promise<void> {
    if (!this.owned.delete(linkId) || !this.client) return;
    await this.client.query('SELECT pg_advisory_unlock($1::bigint)', [this.key(linkId)]);
  }

  async close(): Promise<void> {
    this.owned.clear();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
