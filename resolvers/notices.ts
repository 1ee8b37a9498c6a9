import * as notices from '../domain/notices';
import type {
  MutationResolvers,
  NoticeResolvers,
  NoticeVersionResolvers,
  QueryResolvers,
} from './types.generated';

export const Query: Pick<QueryResolvers, 'notices' | 'notice'> = {
  notices: (_parent, _args, { services }) => notices.listNotices(services),
  notice: (_parent, { id }, { services }) => notices.getNotice(services, id),
};

export const Mutation: Pick<
  MutationResolvers,
  'createNotice' | 'saveNoticeDraft' | 'publishNoticeVersion'
> = {
  createNotice: (_parent, { input }, { services, caller }) =>
    notices.createNotice(services, caller, input),
  saveNoticeDraft: (_parent, { input }, { services, caller }) =>
    notices.saveNoticeDraft(services, caller, input),
  publishNoticeVersion: (_parent, { input }, { services, caller }) =>
    notices.publishNoticeVersion(services, caller, input),
};

export const Notice: NoticeResolvers = {
  current: (notice, _args, { services }) => notices.currentVersion(services, notice),
  version: (notice, { number }, { services, caller }) =>
    notices.findVersion(services, caller, notice, number),
  versions: (notice, args, { services, caller }) =>
    notices.listVersions(services, caller, notice, args),
};

export const NoticeVersion: NoticeVersionResolvers = {
  changes: (version, _args, { services }) => notices.sectionChanges(services, version),
};
