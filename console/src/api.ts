/**
 * The console's calls to Herald's console API: same origin, the session cookie sent by the browser,
 * the CSRF token (from sign-in or GET /session) on every change. Errors arrive as
 * `{error: {code, message, fields?}}` and are thrown as ApiError.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** What to tell the user of a failed call: the refusal's message, or that Herald was out of reach. */
export function errorMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Herald could not be reached';
}

/** The CSRF tokens of the two sessions: an account's, and the operator's (paths under /operator). */
const csrfTokens = { account: '', operator: '' };

export function setCsrfToken(token: string, area: keyof typeof csrfTokens = 'account'): void {
  csrfTokens[area] = token;
}

/** A call to the console API; a refusal is thrown as ApiError with the envelope's code and fields. */
async function request(method: string, path: string, body: unknown, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET')
    headers['x-csrf-token'] = csrfTokens[path.startsWith('/operator/') ? 'operator' : 'account'];
  const res = await fetch(`/console/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) {
    const data = (await res.json().catch(() => ({}))) as {
      error?: { code: string; message: string; fields?: Record<string, string> };
    };
    throw new ApiError(
      res.status,
      data.error?.code ?? 'unknown',
      data.error?.message ?? res.statusText,
      data.error?.fields,
    );
  }
  return res;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body, 'application/json');
  if (res.status === 204) return undefined as T;
  return (await res.json().catch(() => ({}))) as T;
}

/** A call whose answer is a file (audio, CSV), as a Blob. */
export async function apiBlob(method: string, path: string, body?: unknown): Promise<Blob> {
  return (await request(method, path, body, '*/*')).blob();
}

export interface Session {
  account: { id: string; name: string };
  csrfToken: string;
  expiresAt: string;
}

export interface Overview {
  account: { id: string; name: string };
  balance: number;
  currency: string;
  today: string;
  todayByStatus: Record<string, number>;
  lastHour: Array<{ at: string; messages: number }>;
  links: Array<{ id: string; state: string }>;
  queue: { ready: number; inflight: number };
  callbacks: { retrying: number; failed: number };
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}

export interface CampaignSummary {
  id: string;
  kind: 'sms' | 'voice';
  name: string | null;
  state: string;
  from: string;
  total: number;
  final: number;
  statuses: Record<string, number>;
  cost: number;
  createdAt: string;
  sendAt: string;
  scheduledAt: string | null;
  endedAt: string | null;
}

export interface CampaignDetail extends CampaignSummary {
  body: string;
  recipientsPerCountry: Record<string, number>;
  parts: number | null;
  settings: {
    to: string[];
    contacts: string[];
    groups: string[];
    flash: boolean;
    respectQuietHours: boolean;
    reminder: { minutesBefore?: number; minutesAfter?: number; to: string[] } | null;
  };
  voice: {
    message: { text: string; language: string; gender: string } | null;
    fileURL: string | null;
    collectDtmfDigits: boolean;
  } | null;
  progress: Array<{ at: string; final: number }>;
  perCountry: Array<{ country: string; total: number; statuses: Record<string, number> }>;
  links: Array<{ url: string; code: string; clicks: number; uniqueRecipients: number }>;
}

export interface CampaignInput {
  campaignName?: string;
  from: string;
  body: string;
  to?: string[];
  contacts?: string[];
  groups?: string[];
  flash?: boolean;
  respectQuietHours?: boolean;
  transcode?: boolean;
  allowInvalid?: boolean;
  scheduledDate?: string;
  reminder?: { minutesBefore?: number; minutesAfter?: number; to: string[] };
}

export interface CampaignPreview {
  recipients: number;
  body: { characters: number; parts: number; unicode: boolean; encoding: string };
  cost: number;
  sendAt: string;
  countries: Array<{
    country: string;
    messages: number;
    parts: number;
    cost: number;
    firstSendAt: string;
    lastSendAt: string;
  }>;
  invalidNumbers: string[];
  tooLong: Array<{ recipient: string; parts: number; max: number }>;
}

export interface FailingCallback {
  id: number;
  kind: string;
  url: string;
  state: 'failed' | 'retrying';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  payload: unknown;
}

export interface MessageSummary {
  id: string;
  to: string;
  from: string;
  country: string;
  body: string;
  status: string;
  detailedStatus: string | null;
  parts: number;
  encoding: string;
  price: number;
  label: string | null;
  campaignId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MessageDetail extends MessageSummary {
  ttlMinutes: number;
  expiresAt: string;
  flash: boolean;
  events: Array<{ at: string; what: string; part: number | null; status: string; detail: string | null }>;
  partList: Array<{
    index: number;
    smsId: string;
    status: string;
    detailedStatus: string | null;
    operatorId: string | null;
    link: string | null;
    attempts: number;
    price: number;
    submittedAt: string | null;
    finalAt: string | null;
    error: string | null;
  }>;
}

export interface Contact {
  id: string;
  mobile: string;
  country: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  vip: boolean;
  groups: string[];
  blacklistedServices: string[];
  labels: Array<{ name: string; type: 'Text' | 'Number'; value: string }>;
}

export interface Group {
  name: string;
  size: number;
}

export interface Label {
  name: string;
  type: string;
}

export const BLACKLIST_SERVICES = ['Sms', 'Voice', 'Viber', 'TwoStep', 'Lookup', 'NumberValidator'] as const;
export const BUILT_IN_GROUPS = ['All', 'NotListed'];

export interface ContactImport {
  id: string;
  state: 'reading' | 'writing' | 'done' | 'failed';
  rowsRead: number;
  rowsStored: number;
  errorCount: number;
  report: {
    rows: number;
    created: number;
    updated: number;
    skipped: number;
    errors: Array<{ line: number; mobile: string; reason: string; message: string }>;
  } | null;
  failure: { code: string; message: string } | null;
}

export interface OperatorSession {
  operator: boolean;
  enabled: boolean;
  csrfToken?: string;
  expiresAt?: string;
}

export interface OperatorLink {
  id: string;
  host?: string;
  port?: number;
  systemId?: string;
  systemType?: string;
  window: number;
  tps?: number;
  bindMode?: 'transceiver' | 'pair';
  concatenation?: 'udh' | 'sar';
  prefixes?: string[];
  countries?: string[];
  priority?: number;
  disabled?: boolean;
  source: 'api' | 'file';
  runningHere: boolean;
  state: string;
  inFlight: number;
  counters: Record<string, number> | null;
  problems?: Record<string, string>;
}

export interface OperatorTrunk {
  id: string;
  host?: string;
  port?: number;
  username?: string;
  domain?: string;
  maxCalls?: number;
  disabled?: boolean;
  source: 'api' | 'file';
  runningHere: boolean;
  state: string;
  activeCalls?: number;
  problems?: Record<string, string>;
}

export interface OperatorAccount {
  id: string;
  name: string;
  applicationId: string;
  octopushLogin: string;
  balance: number;
  currency: string;
  scopes: string[];
  state: 'active' | 'disabled';
  createdAt: string;
  numbers: string[];
}

export interface CreatedAccount {
  accountId: string;
  name: string;
  currency: string;
  balance: number;
  credentials: { clientId: string; clientSecret: string; apiLogin: string; apiKey: string };
  smpp: { systemId: string; password: string };
}

export interface PriceRow {
  service: string;
  country: string;
  price: number;
}

export interface CallbackSetting {
  url: string;
  strategy: 'OnChange' | 'OnCompletion';
}

export interface AccountSettingsView {
  callback: CallbackSetting | null;
  campaignCallback: CallbackSetting | null;
  transcode: boolean | null;
  quietHours: string[] | null;
  stopKeywords: string[] | null;
}

export interface AccountView {
  id: string;
  name: string;
  applicationId: string;
  octopushLogin: string;
  smppSystemId: string | null;
  scopes: string[];
  balance: number;
  currency: string;
  createdAt: string;
  settings: AccountSettingsView;
  defaults: { quietHours: string[]; stopKeywords: string[]; transcode: boolean };
}

export interface LedgerRow {
  id: string;
  kind: string;
  amount: number;
  balanceAfter: number;
  reference: string | null;
  description: string | null;
  createdAt: string;
}

export interface AccountPrices {
  currency: string;
  services: Array<{ service: string; prices: Array<{ country: string; price: number }> }>;
}

/** A message a handset wrote to one of the account's numbers. */
export interface ReceivedMessage {
  id: string;
  from: string;
  to: string;
  text: string;
  country: string;
  receivedAt: string;
  kind: 'reply' | 'keyword' | 'stop' | 'unmatched';
  inReplyTo: string | null;
}

/** One of the account's number pools. */
export interface NumberPool {
  id: string;
  name: string;
  totalNumbers: number;
  alphanumericSenderId: string | null;
  inboundSMSCallbackUrl: string | null;
  sticky: boolean;
  geomatch: boolean;
  updatedAt: string;
}

/** One of the account's numbers, with its pool and keyword rules. */
export interface AccountNumber {
  number: string;
  kind: string;
  country: string;
  poolId: string | null;
  poolName: string | null;
  inboundRoute: 'callback' | 'smpp';
  keywords: Array<{ keyword: string; reply: string }>;
}
