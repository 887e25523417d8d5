/**
 * A real Herald on 127.0.0.1 (random port) over a real store, with an account and helpers to get
 * tokens and call the API with fetch.
 */
import { DEFAULT_CONFIG, type HeraldConfig } from '../../src/config.js';
import { createHerald, type Herald, type HeraldOptions } from '../../src/herald.js';
import { createLogger } from '../../src/logger.js';
import {
  type CreateAccountInput,
  type CreatedAccount,
  createAccount,
} from '../../src/services/create-account.js';
import type { Store } from '../../src/store/database.js';
import { openTestStore } from './stores.js';

export interface TestHerald {
  herald: Herald;
  store: Store;
  url: string;
  clock: { now: number; advance(ms: number): void; real: boolean };
  account: CreatedAccount;
  newAccount(input?: Partial<CreateAccountInput>): Promise<CreatedAccount>;
  token(account?: CreatedAccount, scope?: string): Promise<string>;
  call(method: string, path: string, opts?: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallResult {
  status: number;
  body: any;
  headers: Headers;
  text: string;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  rawBody?: string;
}

export async function startTestHerald(
  kind: 'sqlite' | 'postgres' = 'sqlite',
  opts: {
    config?: Partial<HeraldConfig>;
    fakeClock?: boolean;
    balance?: number;
    plugins?: HeraldOptions['plugins'];
  } = {},
): Promise<TestHerald> {
  const store = await openTestStore(kind);
  const clock = {
    now: Date.now(),
    real: !opts.fakeClock,
    advance(ms: number) {
      this.now += ms;
    },
  };
  const config: HeraldConfig = {
    ...structuredClone(DEFAULT_CONFIG),
    port: 0,
    host: '127.0.0.1',
    demo: { ...DEFAULT_CONFIG.demo, enabled: false },
    // API-only unless a test asks for the delivery engine, which then runs on this thread (tests
    // reach into it and drive its clock).
    engineEnabled: false,
    engineThread: 'main',
    ...opts.config,
  };
  const herald = await createHerald({
    config,
    store,
    logger: createLogger('silent'),
    clock: () => (clock.real ? Date.now() : clock.now),
    ...(opts.plugins && { plugins: opts.plugins }),
  });
  const url = await herald.listen();
  const newAccount = (input: Partial<CreateAccountInput> = {}) =>
    createAccount(herald.ctx, { name: 'test', balance: opts.balance ?? 100, ...input });
  const account = await newAccount();

  const call: TestHerald['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    let body: string | undefined;
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams(o.form).toString();
    } else if (o.rawBody !== undefined) {
      body = o.rawBody;
    }
    const res = await fetch(url + path, { method, headers, ...(body !== undefined && { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };

  const token = async (a: CreatedAccount = account, scope?: string) => {
    const form: Record<string, string> = { grant_type: 'client_credentials' };
    if (scope !== undefined) form.scope = scope;
    const basic = Buffer.from(`${a.credentials.clientId}:${a.credentials.clientSecret}`).toString('base64');
    const res = await call('POST', '/oauth/token', { form, headers: { authorization: `Basic ${basic}` } });
    if (res.status !== 200) throw new Error(`token failed: ${res.status} ${res.text}`);
    return res.body.access_token as string;
  };

  return {
    herald,
    store,
    url,
    clock,
    account,
    newAccount,
    token,
    call,
    async close() {
      await herald.close();
      await store.close();
    },
  };
}
