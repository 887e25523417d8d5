/**
 * Routee's analysis objects (`bodyAnalysis`, `smsAnalysis`, `voiceAnalysis`), rendered field by field
 * from the analyses the use cases return and campaigns store. Herald's analysis facts use Routee's
 * names (docs/decisions.md, one internal model); this is where a change on either side is absorbed.
 */
import type { CampaignAnalysis } from '../../services/campaign-plan.js';
import type { BodyAnalysisFacts } from '../../services/prepare-sms.js';
import type { VoiceAnalysis } from '../../services/voice-campaigns.js';

export function bodyAnalysisView(a: BodyAnalysisFacts): Record<string, unknown> {
  const view: Record<string, unknown> = {
    characters: a.characters,
    parts: a.parts,
    unicode: a.unicode,
    unsupportedGSMCharacters: a.unsupportedGSMCharacters,
  };
  if (a.transcode) view.transcode = { message: a.transcode.message, parts: a.transcode.parts };
  return view;
}

export function smsAnalysisView(a: CampaignAnalysis): Record<string, unknown> {
  return {
    numberOfRecipients: a.numberOfRecipients,
    recipientsPerCountry: a.recipientsPerCountry,
    recipientCountries: a.recipientCountries,
    contacts: a.contacts,
    recipientsPerGroup: a.recipientsPerGroup,
    totalInGroups: a.totalInGroups,
    bodyAnalysis: bodyAnalysisView(a.bodyAnalysis),
  };
}

export function voiceAnalysisView(a: VoiceAnalysis): Record<string, unknown> {
  return {
    contacts: a.contacts,
    dialPlanAnalysis: a.dialPlanAnalysis,
    numberOfRecipients: a.numberOfRecipients,
    recipientCountries: a.recipientCountries,
    recipientsPerCountry: a.recipientsPerCountry,
    recipientsPerGroup: a.recipientsPerGroup,
    totalInGroups: a.totalInGroups,
  };
}
