/**
 * The claim names and vocabularies of the 1EdTech specifications, spelled as in their example
 * messages (LTI Core 1.3 §5, Deep Linking 2.0 §4, AGS 2.0 §3, NRPS 2.0 §3). One place, so a typo
 * cannot hide in one file.
 */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  launchPresentation: `${LTI}launch_presentation`,
  deepLinkingSettings: `${DL}deep_linking_settings`,
  contentItems: `${DL}content_items`,
  deepLinkingData: `${DL}data`,
  deepLinkingMessage: `${DL}msg`,
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrpsService: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

export const MESSAGE_TYPES = {
  resourceLink: 'LtiResourceLinkRequest',
  deepLinkingRequest: 'LtiDeepLinkingRequest',
  deepLinkingResponse: 'LtiDeepLinkingResponse',
} as const;

export const LTI_VERSION = '1.3.0';

export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

export const MEDIA_TYPES = {
  score: 'application/vnd.ims.lis.v1.score+json',
  memberships: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
} as const;

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
/** Sub-roles are spelled `…/membership/Instructor#TeachingAssistant` (LTI Core §A.2.3.1). */
const SUB_ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/membership/';

/** deltalab's roles in an offering, from the LIS context roles (short names are allowed too). */
export type OfferingRole = 'student' | 'ta' | 'instructor';

export function offeringRoleOf(roles: readonly string[]): OfferingRole {
  const names = roles.map((r) => (r.startsWith(MEMBERSHIP) ? r.slice(MEMBERSHIP.length) : r.startsWith(SUB_ROLE) ? r.slice(SUB_ROLE.length) : r));
  // A sub-role "Instructor#TeachingAssistant" is a TA; spec §A.2.3.1.
  if (names.some((n) => n === 'Instructor#TeachingAssistant' || n === 'TeachingAssistant' || n.startsWith('TeachingAssistant'))) return 'ta';
  if (names.includes('Instructor') || names.includes('Administrator') || names.includes('ContentDeveloper')) return 'instructor';
  return 'student';
}
