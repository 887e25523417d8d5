/**
 * Octopush's campaign parameters (`/v1/public/user/campaign-parameters`): default callback URLs and
 * the like, kept in the account's settings under `octopush` as Octopush names them.
 */
import {
  type AccountSettings,
  type FaceParameterSpec,
  faceParameters,
} from '../../domain/account-settings.js';

export const OCTOPUSH_PARAMETER_KEYS = [
  'callback_url_for_deliveries',
  'callback_url_for_inbounds',
  'callback_url_for_blacklisted_numbers',
  'callback_url_for_visits',
  'email_for_inbounds',
  'api_version',
  'use_metadata_node_for_inbound',
] as const;

export type OctopushParameters = Partial<
  Record<Exclude<(typeof OCTOPUSH_PARAMETER_KEYS)[number], 'use_metadata_node_for_inbound'>, string | null>
> & { use_metadata_node_for_inbound?: boolean | null };

export const OCTOPUSH_FACE = 'octopush';

export const OCTOPUSH_PARAMETER_SPEC: FaceParameterSpec = {
  keys: OCTOPUSH_PARAMETER_KEYS,
  booleans: ['use_metadata_node_for_inbound'],
  urls: OCTOPUSH_PARAMETER_KEYS.filter((k) => k.startsWith('callback_url')),
};

/** The account's Octopush parameters. */
export function octopushParameters(settings: AccountSettings): OctopushParameters {
  return faceParameters(settings, OCTOPUSH_FACE) as OctopushParameters;
}
