/** Who a campaign goes to (SMS and voice forms alike): numbers pasted in, and the account's groups. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Group } from '../api.js';

/** Numbers as people paste them: separated by commas, semicolons, spaces or new lines. */
export const numbersOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function Recipients(props: {
  id: string;
  numbers: string;
  onNumbers(text: string): void;
  groups: string[];
  onGroups(groups: string[]): void;
  onSignedOut(): void;
}) {
  const [allGroups, setAllGroups] = useState<Group[]>([]);
  useEffect(() => {
    api<Group[]>('GET', '/groups')
      .then(setAllGroups)
      .catch((err) => err instanceof ApiError && err.status === 401 && props.onSignedOut());
  }, []);
  const { groups } = props;
  return (
    <>
      <label for={`${props.id}-to`}>Recipients’ numbers</label>
      <textarea
        id={`${props.id}-to`}
        rows={3}
        placeholder="+33612345678, +306948000001"
        value={props.numbers}
        onInput={(e) => props.onNumbers(e.currentTarget.value)}
      />
      <span class="muted">{numbersOf(props.numbers).length} number(s), international format</span>
      {allGroups.length > 0 && (
        <fieldset>
          <legend>Groups</legend>
          {allGroups.map((g) => (
            <label class="inline" key={g.name}>
              <input
                type="checkbox"
                checked={groups.includes(g.name)}
                onChange={(e) =>
                  props.onGroups(
                    e.currentTarget.checked ? [...groups, g.name] : groups.filter((x) => x !== g.name),
                  )
                }
              />{' '}
              {g.name} ({g.size})
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}
