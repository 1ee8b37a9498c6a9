import type { GraphQLResolveInfo } from 'graphql';
import * as notices from '../domain/notices';
import type {
  MutationResolvers,
  NoticeResolvers,
  NoticeVersionResolvers,
  QueryResolvers,
} from './types.generated';

/** What Apollo's cache-control plugin (resolvers/server.ts) adds to every resolver's info. */
interface CacheControlInfo {
  cacheControl: { setCacheHint(hint: { maxAge: number; scope: 'PUBLIC' }): void };
}

/**
 * Lets the answer be kept and shared for `seconds`: the fields this module
 * hints are the only ones Apollo counts as cacheable (any other field makes
 * the whole answer `no-store`), and resolvers/response-cache.ts acts on it.
 */
function publicFor(info: GraphQLResolveInfo, seconds: number): void {
  (info as GraphQLResolveInfo & CacheControlInfo).cacheControl.setCacheHint({
    maxAge: seconds,
    scope: 'PUBLIC',
  });
}

export const Query: Pick<QueryResolvers, 'notices' | 'notice'> = {
  notices: (_parent, _args, { services }, info) => {
    publicFor(info, notices.listingSecondsFresh(services));
    return notices.listNotices(services);
  },
  notice: async (_parent, { id }, { services, receivedAt }, info) => {
    const inEffect = await notices.noticeInEffect(services, id);
    if (!inEffect) return null;
    publicFor(info, notices.secondsFresh(services, inEffect, receivedAt));
    return inEffect.notice;
  },
};

export const Mutation: Pick<
  MutationResolvers,
  'createNotice' | 'saveNoticeDraft' | 'publishNoticeVersion' | 'saveNoticeTranslation'
> = {
  createNotice: (_parent, { input }, { services, caller }) =>
    notices.createNotice(services, caller, input),
  saveNoticeDraft: (_parent, { input }, { services, caller }) =>
    notices.saveNoticeDraft(services, caller, input),
  publishNoticeVersion: (_parent, { input }, { services, caller }) =>
    notices.publishNoticeVersion(services, caller, input),
  saveNoticeTranslation: (_parent, { input }, { services, caller }) =>
    notices.saveNoticeTranslation(services, caller, input),
};

export const Notice: NoticeResolvers = {
  current: async (notice, _args, { services, receivedAt }, info) => {
    const inEffect = await notices.noticeInEffect(services, notice.id);
    if (!inEffect) return null;
    publicFor(info, notices.secondsFresh(services, inEffect, receivedAt));
    return inEffect.current;
  },
  languages: async (notice, _args, { services }) => {
    const inEffect = await notices.noticeInEffect(services, notice.id);
    return inEffect ? notices.languagesInEffect(inEffect) : [];
  },
  currentIn: async (notice, { language }, { services, receivedAt }, info) => {
    const found = await notices.noticeInEffectIn(services, notice.id, language);
    if (!found) return null;
    publicFor(info, notices.secondsFresh(services, found.inEffect, receivedAt));
    return found.version;
  },
  version: (notice, { number }, { services, caller }) =>
    notices.findVersion(services, caller, notice.id, number),
  versions: (notice, args, { services, caller }) =>
    notices.listVersions(services, caller, notice.id, args),
};

export const NoticeVersion: NoticeVersionResolvers = {
  changes: (version, _args, { services }) => notices.sectionChanges(services, version),
  languages: (version) => notices.languagesOf(version),
  translation: (version, { language }, { services }) =>
    notices.versionIn(services, version, language),
};
