/**
 * A consent receipt names the notice version it was given under by a link
 * `<public URL>/notices/<id>/versions/<n>` (domain/controller.ts). The pages
 * route by hash, so the local server and CloudFront answer such a link with
 * a redirect to the privacy centre's page of that version.
 */
export const NOTICE_VERSION_LINK = /^\/notices\/([A-Za-z0-9._-]{1,64})\/versions\/([0-9]{1,9})\/?$/;

/** The privacy centre's address of one notice version: the target of the redirect. */
export function noticeVersionPage(noticeId: string, version: string | number): string {
  return `/#/notices/${noticeId}/versions/${version}`;
}
