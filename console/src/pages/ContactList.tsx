/**
 * The contacts themselves: search by number or name, narrow to a group or a blacklist, edit or delete
 * one, and act on those ticked (add to or take out of a group, put on or take off a blacklist).
 */
import { useEffect, useState } from 'preact/hooks';
import { Alert, Pager } from '../components.js';
import {
  api,
  BLACKLIST_SERVICES,
  BUILT_IN_GROUPS,
  type Contact,
  type Group,
  type Label,
  type Page,
  errorMessage,
} from '../api.js';
import { usePolled } from '../polling.js';

const SIZE = 20;
const STANDARD = new Set(['firstName', 'lastName', 'mobile', 'email']);

function EditContact(props: { contact: Contact; labels: Label[]; onDone(message: string): void }) {
  const c = props.contact;
  const custom = props.labels.filter((l) => !STANDARD.has(l.name));
  const [v, setV] = useState({
    mobile: c.mobile,
    firstName: c.firstName ?? '',
    lastName: c.lastName ?? '',
    email: c.email ?? '',
    vip: c.vip,
  });
  const [labels, setLabels] = useState<Record<string, string>>(
    Object.fromEntries(c.labels.map((l) => [l.name, l.value])),
  );
  const [error, setError] = useState('');
  const field = (key: 'mobile' | 'firstName' | 'lastName' | 'email', label: string) => (
    <div class="field">
      <label for={`edit-${key}`}>{label}</label>
      <input
        id={`edit-${key}`}
        value={v[key]}
        onInput={(e) => setV({ ...v, [key]: e.currentTarget.value })}
      />
    </div>
  );
  const save = async (e: Event) => {
    e.preventDefault();
    setError('');
    const body = {
      mobile: v.mobile.trim(),
      ...(v.firstName.trim() && { firstName: v.firstName.trim() }),
      ...(v.lastName.trim() && { lastName: v.lastName.trim() }),
      ...(v.email.trim() && { email: v.email.trim() }),
      vip: v.vip,
      labels: Object.entries(labels)
        .filter(([, value]) => value.trim() !== '')
        .map(([name, value]) => ({ name, value: value.trim() })),
    };
    try {
      await api('PUT', `/contacts/${encodeURIComponent(c.id)}`, body);
      props.onDone(`Saved ${body.mobile}`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form class="card form-grid" onSubmit={save} aria-label={`Edit ${c.mobile}`}>
      <h2>Edit {c.mobile}</h2>
      {field('mobile', 'Mobile')}
      {field('firstName', 'First name')}
      {field('lastName', 'Last name')}
      {field('email', 'E-mail')}
      <label class="inline">
        <input
          type="checkbox"
          checked={v.vip}
          onChange={(e) => setV({ ...v, vip: e.currentTarget.checked })}
        />{' '}
        VIP
      </label>
      {custom.map((l) => (
        <div class="field" key={l.name}>
          <label for={`edit-label-${l.name}`}>
            {l.name} ({l.type})
          </label>
          <input
            id={`edit-label-${l.name}`}
            {...(l.type === 'Number' && { inputMode: 'decimal' as const })}
            value={labels[l.name] ?? ''}
            onInput={(e) => setLabels({ ...labels, [l.name]: e.currentTarget.value })}
          />
        </div>
      ))}
      <Alert message={error} />
      <div class="actions">
        <button type="submit" class="primary">
          Save
        </button>
        <button type="button" class="secondary" onClick={() => props.onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SelectionActions(props: {
  ids: string[];
  groups: Group[];
  onDone(message: string, failed?: boolean): void;
}) {
  const userGroups = props.groups.filter((g) => !BUILT_IN_GROUPS.includes(g.name));
  const [group, setGroup] = useState(userGroups[0]?.name ?? '');
  const [service, setService] = useState<string>('Sms');
  const run = async (f: () => Promise<string>) => {
    try {
      props.onDone(await f());
    } catch (err) {
      props.onDone(errorMessage(err), true);
    }
  };
  const n = props.ids.length;
  const g = encodeURIComponent(group);
  return (
    <div class="filters selection" role="group" aria-label="Act on the selected contacts">
      <strong>{n} selected</strong>
      <label>
        Group
        <select value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
          {userGroups.map((x) => (
            <option key={x.name}>{x.name}</option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={!group}
        onClick={() =>
          run(async () => {
            const r = await api<Group>('POST', `/groups/${g}/members`, { ids: props.ids });
            return `Added ${n} to ${r.name} (${r.size} contacts)`;
          })
        }
      >
        Add to group
      </button>
      <button
        type="button"
        disabled={!group}
        onClick={() =>
          run(async () => {
            const r = await api<Group>('POST', `/groups/${g}/members/remove`, { ids: props.ids });
            return `Took ${n} out of ${r.name} (${r.size} contacts)`;
          })
        }
      >
        Remove from group
      </button>
      <label>
        Blacklist
        <select value={service} onChange={(e) => setService(e.currentTarget.value)}>
          {BLACKLIST_SERVICES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      {[true, false].map((blacklisted) => (
        <button
          type="button"
          key={String(blacklisted)}
          onClick={() =>
            run(async () => {
              await api('POST', '/blacklists', { service, ids: props.ids, blacklisted });
              return `${n} ${blacklisted ? 'blacklisted for' : 'taken off the blacklist of'} ${service}`;
            })
          }
        >
          {blacklisted ? 'Blacklist' : 'Unblacklist'}
        </button>
      ))}
    </div>
  );
}

export function ContactList(props: {
  groups: Group[];
  labels: Label[];
  version: number;
  onChanged(): void;
  onSignedOut(): void;
}) {
  const [page, setPage] = useState(0);
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  const [group, setGroup] = useState('All');
  const [blacklist, setBlacklist] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<Contact | null>(null);
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState('');
  // The search follows typing after a pause, not on every key.
  useEffect(() => {
    const t = setTimeout(() => {
      setTerm(search.trim());
      setPage(0);
    }, 250);
    return () => clearTimeout(t);
  }, [search]);
  const query =
    `/contacts?page=${page}&size=${SIZE}` +
    (term ? `&search=${encodeURIComponent(term)}` : '') +
    (group !== 'All' ? `&group=${encodeURIComponent(group)}` : '') +
    (blacklist ? `&blacklistedFor=${blacklist}` : '');
  const { data, error, reload } = usePolled<Page<Contact>>(query, props.onSignedOut, null);
  // Something else on the page changed the contacts (an import, a new one): read again.
  useEffect(() => {
    if (props.version > 0) reload();
  }, [props.version]);
  const pages = data ? Math.max(1, Math.ceil(data.total / SIZE)) : 1;
  const done = (m: string, failed = false) => {
    setMessage(failed ? '' : m);
    setFailure(failed ? m : '');
    if (!failed) {
      setSelected(new Set());
      props.onChanged();
      reload();
    }
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const remove = async (c: Contact) => {
    try {
      await api('DELETE', `/contacts/${encodeURIComponent(c.id)}`);
      done(`Deleted ${c.mobile}`);
    } catch (err) {
      done(errorMessage(err), true);
    }
  };
  return (
    <div class="card wide" role="region" aria-labelledby="list-title">
      <h2 id="list-title">
        <span data-testid="contacts-total">{data?.total ?? 0}</span> contacts
      </h2>
      <div class="filters">
        <label>
          Search
          <input
            type="search"
            placeholder="number or name"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
        </label>
        <label>
          In group
          <select
            value={group}
            onChange={(e) => {
              setGroup(e.currentTarget.value);
              setPage(0);
            }}
          >
            {props.groups.map((g) => (
              <option key={g.name} value={g.name}>
                {g.name} ({g.size})
              </option>
            ))}
          </select>
        </label>
        <label>
          Blacklisted for
          <select
            value={blacklist}
            onChange={(e) => {
              setBlacklist(e.currentTarget.value);
              setPage(0);
            }}
          >
            <option value="">any or none</option>
            {BLACKLIST_SERVICES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <Alert message={error || failure} />
      {message && <p role="status">{message}</p>}
      {selected.size > 0 && <SelectionActions ids={[...selected]} groups={props.groups} onDone={done} />}
      {editing && (
        <EditContact
          key={editing.id}
          contact={editing}
          labels={props.labels}
          onDone={(m) => {
            setEditing(null);
            if (m) done(m);
          }}
        />
      )}
      {data && data.items.length === 0 && <p>No contact matches.</p>}
      {data && data.items.length > 0 && (
        <>
          <div class="table-wrap">
            <table class="contacts">
              <thead>
                <tr>
                  <th scope="col">
                    <span class="visually-hidden">Selected</span>
                  </th>
                  <th scope="col">Mobile</th>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Groups</th>
                  <th scope="col">Blacklisted for</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.id} data-testid={`contact-${c.mobile}`}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select ${c.mobile}`}
                        checked={selected.has(c.id)}
                        onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                      />
                    </td>
                    <td>{c.mobile}</td>
                    <td>
                      {[c.firstName, c.lastName].filter(Boolean).join(' ') || '—'}
                      {c.vip && <span class="badge"> VIP</span>}
                    </td>
                    <td>{c.email ?? '—'}</td>
                    <td>{c.groups.filter((g) => g !== 'All').join(', ')}</td>
                    <td>{c.blacklistedServices.join(', ') || '—'}</td>
                    <td class="actions">
                      <button type="button" aria-label={`Edit ${c.mobile}`} onClick={() => setEditing(c)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        class="secondary"
                        aria-label={`Delete ${c.mobile}`}
                        onClick={() => remove(c)}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Pages of contacts"
            page={page}
            onPage={setPage}
            pages={pages}
            hasNext={page + 1 < pages}
            previous="Previous"
            next="Next"
          />
        </>
      )}
    </div>
  );
}
