import { describe, expect, it } from 'vitest';
import { CLAIM, LTI_VERSION, MEDIA_TYPES, MESSAGE_TYPES, offeringRoleOf, SCOPES } from '../../../lib/lti/claims';

/**
 * The claim names, message types, scopes and media types exactly as the 1EdTech specifications'
 * own example messages spell them (LTI Core 1.3 §5.3–5.4 and its example resource link request,
 * Deep Linking 2.0 §4.4–4.5 request and response examples, AGS 2.0 §3.1/§3.4, NRPS 2.0 §3.6).
 * Written out in full on purpose: a claim built from a mistyped prefix would otherwise pass.
 */
describe('LTI claim names and URIs', () => {
  it('names the LTI Core claims as the spec examples do', () => {
    expect(CLAIM.messageType).toBe('https://purl.imsglobal.org/spec/lti/claim/message_type');
    expect(CLAIM.version).toBe('https://purl.imsglobal.org/spec/lti/claim/version');
    expect(CLAIM.deploymentId).toBe('https://purl.imsglobal.org/spec/lti/claim/deployment_id');
    expect(CLAIM.targetLinkUri).toBe('https://purl.imsglobal.org/spec/lti/claim/target_link_uri');
    expect(CLAIM.resourceLink).toBe('https://purl.imsglobal.org/spec/lti/claim/resource_link');
    expect(CLAIM.roles).toBe('https://purl.imsglobal.org/spec/lti/claim/roles');
    expect(CLAIM.context).toBe('https://purl.imsglobal.org/spec/lti/claim/context');
    expect(CLAIM.custom).toBe('https://purl.imsglobal.org/spec/lti/claim/custom');
    expect(CLAIM.launchPresentation).toBe('https://purl.imsglobal.org/spec/lti/claim/launch_presentation');
    expect(LTI_VERSION).toBe('1.3.0');
  });

  it('names the Deep Linking 2.0 claims and message types as its examples do', () => {
    expect(CLAIM.deepLinkingSettings).toBe('https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings');
    expect(CLAIM.contentItems).toBe('https://purl.imsglobal.org/spec/lti-dl/claim/content_items');
    expect(CLAIM.deepLinkingData).toBe('https://purl.imsglobal.org/spec/lti-dl/claim/data');
    expect(CLAIM.deepLinkingMessage).toBe('https://purl.imsglobal.org/spec/lti-dl/claim/msg');
    expect(MESSAGE_TYPES).toEqual({ resourceLink: 'LtiResourceLinkRequest', deepLinkingRequest: 'LtiDeepLinkingRequest', deepLinkingResponse: 'LtiDeepLinkingResponse' });
  });

  it('names the AGS and NRPS claims, scopes and media types as their specs do', () => {
    expect(CLAIM.agsEndpoint).toBe('https://purl.imsglobal.org/spec/lti-ags/claim/endpoint');
    expect(CLAIM.nrpsService).toBe('https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice');
    expect(SCOPES).toEqual({
      lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    });
    expect(MEDIA_TYPES).toEqual({ score: 'application/vnd.ims.lis.v1.score+json', memberships: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' });
  });

  it('reads the LIS role vocabulary of the Core spec (full URIs, sub-roles, short names)', () => {
    expect(offeringRoleOf(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student'])).toBe('student');
    expect(offeringRoleOf(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'])).toBe('instructor');
    expect(offeringRoleOf(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'])).toBe('ta');
    expect(offeringRoleOf(['Instructor'])).toBe('instructor');
    // An institution role alone says nothing about this course.
    expect(offeringRoleOf(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor'])).toBe('student');
  });
});
