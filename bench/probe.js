// The "other requests" of the benchmarks that measure Herald while it does heavy work (a large
// import, a retention purge): one request every 20 ms, alternately a POST /sms and a balance read of
// an account not involved in the work, and their latencies.
/** An access token of an account created by the benchmark. */
export async function tokenOf(url, account) {
  const basic = Buffer.from(`${account.credentials.clientId}:${account.credentials.clientSecret}`).toString(
    'base64',
  );
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return (await res.json()).access_token;
}

/** Requests every 20 ms until `until()` says stop; their latencies in ms. */
export async function probe(url, token, until) {
  const latencies = [];
  let n = 0;
  while (!until()) {
    const started = performance.now();
    const res =
      n++ % 2 === 0
        ? await fetch(`${url}/sms`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ from: 'Bench', to: '+306948530920', body: `probe ${n}` }),
          })
        : await fetch(`${url}/accounts/me/balance`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`probe answered ${res.status}`);
    latencies.push(performance.now() - started);
    const wait = 20 - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return latencies;
}

/** The p-th percentile of latencies. */
export function percentile(latencies, p) {
  const sorted = [...latencies].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}
