/**
 * Built-in contact groups: `All` (every contact of the account) and `NotListed` (contacts in no
 * group). They are computed, never stored; every other group is a list of memberships.
 */
export const BUILT_IN_GROUPS = ['All', 'NotListed'] as const;

export function isBuiltInGroup(name: string): boolean {
  return (BUILT_IN_GROUPS as readonly string[]).includes(name);
}
