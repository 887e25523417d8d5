/**
 * The parameters each API face keeps in an account's settings, by face name: the services check and
 * store them generically (admin API, CLI, the face's own endpoints) without knowing any face.
 */
import type { FaceParameterSpec } from '../domain/account-settings.js';
import { OCTOPUSH_FACE, OCTOPUSH_PARAMETER_SPEC } from './octopush/parameters.js';

export const faceParameterSpecs: Readonly<Record<string, FaceParameterSpec>> = {
  [OCTOPUSH_FACE]: OCTOPUSH_PARAMETER_SPEC,
};
