/** Groups (create one, delete one, see sizes) and labels (declare one) beside the contacts. */
import { useState } from 'preact/hooks';
import { Alert } from '../components.js';
import { api, BUILT_IN_GROUPS, type Group, type Label, errorMessage } from '../api.js';

export function ContactGroups(props: { groups: Group[]; labels: Label[]; onChanged(): void }) {
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [type, setType] = useState('Text');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const run = async (f: () => Promise<string>) => {
    setError('');
    setMessage('');
    try {
      setMessage(await f());
      props.onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <div class="card" role="region" aria-labelledby="groups-title">
      <h2 id="groups-title">Groups</h2>
      <ul class="plain">
        {props.groups.map((g) => (
          <li key={g.name} data-testid={`group-${g.name}`}>
            {g.name} <span class="muted">({g.size})</span>{' '}
            {!BUILT_IN_GROUPS.includes(g.name) && (
              <button
                type="button"
                class="secondary small"
                aria-label={`Delete group ${g.name}`}
                onClick={() =>
                  run(async () => {
                    await api('DELETE', `/groups/${encodeURIComponent(g.name)}`);
                    return `Group ${g.name} deleted (its contacts stay)`;
                  })
                }
              >
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const g = await api<Group>('POST', '/groups', { name: name.trim() });
            setName('');
            return `Group ${g.name} created`;
          });
        }}
      >
        <label for="new-group">New group</label>
        <input
          id="new-group"
          required
          maxLength={30}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit">Create group</button>
      </form>
      <h2 id="labels-title">Labels</h2>
      <p class="muted">{props.labels.map((l) => `${l.name} (${l.type})`).join(', ')}</p>
      <form
        class="inline-form"
        aria-labelledby="labels-title"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const l = await api<Label>('POST', '/labels', { name: label.trim(), type });
            setLabel('');
            return `Label ${l.name} declared`;
          });
        }}
      >
        <label for="new-label">New label</label>
        <input
          id="new-label"
          required
          maxLength={50}
          value={label}
          onInput={(e) => setLabel(e.currentTarget.value)}
        />
        <label for="new-label-type" class="visually-hidden">
          Label type
        </label>
        <select id="new-label-type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          <option>Text</option>
          <option>Number</option>
        </select>
        <button type="submit">Declare label</button>
      </form>
      <Alert message={error} />
      {message && <p role="status">{message}</p>}
    </div>
  );
}
