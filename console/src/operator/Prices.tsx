/**
 * The price list: what each service costs per country (an SMS part, a minute of voice, a voice
 * message), '*' being a service's default; set a price, remove one.
 */
import { useState } from 'preact/hooks';
import { Alert, useFormCall } from '../components.js';
import { api, type PriceRow } from '../api.js';
import { usePolled } from '../polling.js';

const SERVICES = [
  ['sms', 'SMS, per part'],
  ['sms_low_cost', 'Low-cost SMS, per part'],
  ['voice', 'Voice, per minute'],
  ['vocal_sms', 'Voice message, each'],
] as const;

export function OperatorPrices({ onSignedOut }: { onSignedOut(): void }) {
  const {
    data,
    error: loadError,
    reload,
  } = usePolled<{ items: PriceRow[] }>('/operator/prices', onSignedOut, null);
  const [service, setService] = useState('sms');
  const [country, setCountry] = useState('');
  const [price, setPrice] = useState('');
  const { error, fields, run: call } = useFormCall();
  const [message, setMessage] = useState('');
  const [filter, setFilter] = useState('');
  const run = async (f: () => Promise<string>) => {
    setMessage('');
    const done = await call(f);
    if (done === undefined) return;
    setMessage(done);
    reload();
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const p = await api<PriceRow>('PUT', '/operator/prices', {
        service,
        country: country.trim(),
        price: Number(price),
      });
      setCountry('');
      setPrice('');
      return `${p.service} ${p.country} = ${p.price}`;
    });
  };
  const shown = (data?.items ?? []).filter(
    (p) => !filter.trim() || p.country.includes(filter.trim().toUpperCase()),
  );
  return (
    <section aria-labelledby="prices-title">
      <h1 id="prices-title">Prices</h1>
      <form class="card form-grid" onSubmit={submit} aria-label="Set a price">
        <h2>Set a price</h2>
        <div class="field">
          <label for="price-service">Service</label>
          <select id="price-service" value={service} onChange={(e) => setService(e.currentTarget.value)}>
            {SERVICES.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="price-country">Country</label>
          <input
            id="price-country"
            required
            maxLength={2}
            placeholder="FR, or * for the default"
            value={country}
            onInput={(e) => setCountry(e.currentTarget.value)}
            {...(fields.country && { 'aria-invalid': true })}
          />
          {fields.country && <small class="error">{fields.country}</small>}
        </div>
        <div class="field">
          <label for="price-amount">Price</label>
          <input
            id="price-amount"
            type="number"
            min="0"
            step="any"
            required
            value={price}
            onInput={(e) => setPrice(e.currentTarget.value)}
            {...(fields.price && { 'aria-invalid': true })}
          />
          {fields.price && <small class="error">{fields.price}</small>}
        </div>
        <div class="actions">
          <button type="submit">Set price</button>
        </div>
      </form>
      <Alert message={loadError || error} />
      {message && <p role="status">{message}</p>}
      <div class="field">
        <label for="price-filter">Country filter</label>
        <input
          id="price-filter"
          type="search"
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
      </div>
      {!data ? (
        <p class="loading">Loading…</p>
      ) : (
        <div class="table-wrap">
          <table class="prices">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Country</th>
                <th scope="col">Price</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={`${p.service}:${p.country}`} data-testid={`price-${p.service}-${p.country}`}>
                  <td>{p.service}</td>
                  <td>{p.country === '*' ? '* (default)' : p.country}</td>
                  <td>{p.price}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Remove ${p.service} ${p.country}`}
                      onClick={() =>
                        run(async () => {
                          await api(
                            'DELETE',
                            `/operator/prices?service=${p.service}&country=${encodeURIComponent(p.country)}`,
                          );
                          return `${p.service} ${p.country} removed`;
                        })
                      }
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
