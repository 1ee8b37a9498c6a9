import type { GraphQLFieldResolver } from 'graphql';
import type { Caller, Role } from '../domain/caller';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors';
import type { RequestContext } from './context';

const PUBLIC = ['PUBLIC'] as const;
const ADMIN = ['ADMIN'] as const;
const SUBJECT = ['SUBJECT'] as const;

/**
 * Who may call what: the one place roles are checked. A root field missing
 * here is refused to everyone (deny by default). Rules that depend on the
 * data (a person's own request, a partner's own records) are the domain's.
 */
export const ACCESS: Record<string, Record<string, readonly Role[]>> = {
  Query: {
    notices: PUBLIC,
    notice: PUBLIC,
    purposes: PUBLIC,
    events: PUBLIC,
    event: PUBLIC,
    partners: ADMIN,
    processingRegister: ADMIN,
    me: SUBJECT,
    subject: ADMIN,
    sharingRecords: ['ADMIN', 'PARTNER'],
    subjectRequests: ADMIN,
    subjectRequest: ['ADMIN', 'SUBJECT'],
    noticeChangeNotifications: ADMIN,
    deliveries: ADMIN,
    auditLog: ADMIN,
    privacySignals: PUBLIC,
    separateConsentDisclosure: PUBLIC,
    impactAssessments: ADMIN,
  },
  Mutation: {
    createNotice: ADMIN,
    saveNoticeDraft: ADMIN,
    publishNoticeVersion: ADMIN,
    saveNoticeTranslation: ADMIN,
    upsertPurpose: ADMIN,
    upsertPartner: ADMIN,
    createEvent: ADMIN,
    registerForEvent: PUBLIC,
    cancelRegistration: ['SUBJECT', 'ADMIN'],
    grantConsent: SUBJECT,
    withdrawConsent: SUBJECT,
    grantSeparateConsent: SUBJECT,
    withdrawSeparateConsent: SUBJECT,
    recordImpactAssessment: ADMIN,
    recordSharing: ADMIN,
    submitSubjectRequest: PUBLIC,
    verifySubjectRequest: PUBLIC,
    extendSubjectRequest: ADMIN,
    completeSubjectRequest: ADMIN,
    rejectSubjectRequest: ADMIN,
    redeliver: ADMIN,
    requestSignInCode: PUBLIC,
    signIn: PUBLIC,
  },
  Event: { registrations: ADMIN, attendance: ADMIN },
};

/** Throws unless the caller holds one of the roles: UNAUTHENTICATED without a token, else FORBIDDEN. */
export function authorize(caller: Caller, allowed: readonly Role[] | undefined): void {
  if (allowed?.includes('PUBLIC') || (allowed && allowed.includes(caller.role))) return;
  if (caller.role === 'PUBLIC' && allowed) throw new UnauthenticatedError();
  throw new ForbiddenError();
}

type FieldResolver = GraphQLFieldResolver<unknown, RequestContext>;
type ResolverMap = Record<string, object>;

/**
 * Wraps every resolver of the root types, and the other fields ACCESS names,
 * with the role check. `rootFields` lists every Query and Mutation field of the
 * schema, so that one without a rule cannot slip through.
 */
export function guardResolvers(resolvers: ResolverMap, rootFields: Record<string, string[]>) {
  const guarded: ResolverMap = { ...resolvers };
  const types = new Set([...Object.keys(rootFields), ...Object.keys(ACCESS)]);
  for (const type of types) {
    const fields = new Set([...(rootFields[type] ?? []), ...Object.keys(ACCESS[type] ?? {})]);
    const typeResolvers: Record<string, unknown> = { ...resolvers[type] };
    for (const field of fields) {
      const allowed = ACCESS[type]?.[field];
      const resolve = (typeResolvers[field] as FieldResolver | undefined) ?? defaultResolver(field);
      typeResolvers[field] = ((parent, args, context, info) => {
        authorize(context.caller, allowed);
        return resolve(parent, args, context, info);
      }) satisfies FieldResolver;
    }
    guarded[type] = typeResolvers;
  }
  return guarded;
}

function defaultResolver(field: string): FieldResolver {
  return (parent) => (parent as Record<string, unknown> | null)?.[field];
}
