/**
 * Contacts: importing a CSV file — the import runs in Herald's background while a progress bar
 * follows it (rows read, then stored), and the rows it skipped are listed with the reason — adding
 * one, groups and labels, and the list to search and edit (ContactList).
 */
import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../components.js';
import { api, type Contact, type ContactImport, type Group, type Label, errorMessage } from '../api.js';
import { usePolled } from '../polling.js';
import { ContactGroups } from './ContactGroups.js';
import { ContactList } from './ContactList.js';
const IMPORT_POLL_MS = 300;

/** Data rows of a CSV text (lines after the header that are not empty). */
const dataRows = (csv: string) => Math.max(0, csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);

function Import({ onFinished }: { onFinished(): void }) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [group, setGroup] = useState('');
  const [update, setUpdate] = useState(false);
  const [job, setJob] = useState<ContactImport | null>(null);
  const [error, setError] = useState('');
  const total = dataRows(csv);

  useEffect(() => {
    if (!job || job.state === 'done' || job.state === 'failed') return;
    const t = setTimeout(async () => {
      try {
        const next = await api<ContactImport>('GET', `/contacts/imports/${encodeURIComponent(job.id)}`);
        setJob(next);
        if (next.state === 'done') onFinished();
      } catch (err) {
        setError(errorMessage(err));
      }
    }, IMPORT_POLL_MS);
    return () => clearTimeout(t);
  }, [job]);

  const pick = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
  };
  const start = async (e: Event) => {
    e.preventDefault();
    setError('');
    setJob(null);
    try {
      setJob(
        await api<ContactImport>('POST', '/contacts/imports', {
          csv,
          ...(group.trim() && { group: group.trim() }),
          updateExisting: update,
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  // Reading counts every row once, writing stores the good ones: the bar shows both halves.
  const done = job ? (job.state === 'reading' ? job.rowsRead / 2 : (total + job.rowsStored) / 2) : 0;
  const stored = job?.report ? job.report.created + job.report.updated : (job?.rowsStored ?? 0);
  return (
    <form class="card form" onSubmit={start} aria-labelledby="import-title">
      <h2 id="import-title">Import a CSV file</h2>
      <p class="muted">
        A header line, then one contact per line: mobile (or phone, number), firstName, lastName, email, vip,
        and your labels.
      </p>
      <label for="import-file">CSV file</label>
      <input id="import-file" type="file" accept=".csv,text/csv" onChange={pick} />
      {fileName && (
        <span class="muted">
          {fileName}: {total} rows
        </span>
      )}
      <label for="import-group">Add them to the group (optional)</label>
      <input
        id="import-group"
        value={group}
        maxLength={30}
        onInput={(e) => setGroup(e.currentTarget.value)}
      />
      <label class="inline">
        <input type="checkbox" checked={update} onChange={(e) => setUpdate(e.currentTarget.checked)} /> Update
        contacts whose mobile already exists
      </label>
      <div class="actions">
        <button
          type="submit"
          class="primary"
          disabled={!csv || (job !== null && job.state !== 'done' && job.state !== 'failed')}
        >
          Import
        </button>
      </div>
      <Alert message={error} />
      {job && (
        <div class="import-progress" aria-live="polite">
          <progress
            value={job.state === 'done' ? 1 : done}
            max={job.state === 'done' ? 1 : Math.max(total, 1)}
            aria-label="Import progress"
          />
          <p data-testid="import-state">
            {job.state === 'reading' && `Checking rows… ${job.rowsRead} of ${total}`}
            {job.state === 'writing' && `Storing contacts… ${job.rowsStored}`}
            {job.state === 'done' &&
              `Done: ${stored} contacts stored, ${job.report?.skipped ?? 0} rows skipped`}
            {job.state === 'failed' && `Failed: ${job.failure?.message ?? 'unknown error'}`}
          </p>
          {job.report && job.report.errors.length > 0 && (
            <div class="table-wrap">
              <table aria-label="Rows skipped">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Mobile</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {job.report.errors.map((r) => (
                    <tr key={r.line} data-testid="import-error">
                      <td>{r.line}</td>
                      <td>{r.mobile}</td>
                      <td>{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </form>
  );
}

function AddContact({ onAdded }: { onAdded(): void }) {
  const [mobile, setMobile] = useState('');
  const [firstName, setFirst] = useState('');
  const [lastName, setLast] = useState('');
  const [message, setMessage] = useState('');
  const add = async (e: Event) => {
    e.preventDefault();
    setMessage('');
    try {
      const c = await api<Contact>('POST', '/contacts', {
        mobile,
        ...(firstName && { firstName }),
        ...(lastName && { lastName }),
      });
      setMessage(`Added ${c.mobile}`);
      setMobile('');
      setFirst('');
      setLast('');
      onAdded();
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  return (
    <form class="card form" onSubmit={add} aria-labelledby="add-title">
      <h2 id="add-title">Add a contact</h2>
      <label for="add-mobile">Mobile</label>
      <input id="add-mobile" required value={mobile} onInput={(e) => setMobile(e.currentTarget.value)} />
      <label for="add-first">First name</label>
      <input id="add-first" value={firstName} onInput={(e) => setFirst(e.currentTarget.value)} />
      <label for="add-last">Last name</label>
      <input id="add-last" value={lastName} onInput={(e) => setLast(e.currentTarget.value)} />
      {message && <p role="status">{message}</p>}
      <div class="actions">
        <button type="submit">Add contact</button>
      </div>
    </form>
  );
}

export function Contacts({ onSignedOut }: { onSignedOut(): void }) {
  const groups = usePolled<Group[]>('/groups', onSignedOut, null);
  const labels = usePolled<Label[]>('/labels', onSignedOut, null);
  const [version, setVersion] = useState(0);
  const changed = () => {
    groups.reload();
    labels.reload();
    setVersion((v) => v + 1);
  };
  return (
    <section aria-labelledby="contacts-title">
      <h1 id="contacts-title">Contacts</h1>
      <div class="cards">
        <Import onFinished={changed} />
        <AddContact onAdded={changed} />
        <ContactGroups groups={groups.data ?? []} labels={labels.data ?? []} onChanged={changed} />
      </div>
      <Alert message={groups.error || labels.error} />
      <ContactList
        groups={groups.data ?? []}
        labels={labels.data ?? []}
        version={version}
        onChanged={() => {
          groups.reload();
        }}
        onSignedOut={onSignedOut}
      />
    </section>
  );
}
