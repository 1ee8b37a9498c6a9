import {
  getNotice as readNotice,
  getVersion,
  getVersions,
  insertDraft,
  insertNotice,
  listNotices as readNotices,
  listVersions as readVersions,
  publishDraft,
  replaceDraft,
} from '../store/notices';
import { auditItem } from './audit';
import { isAdmin, type Caller } from './caller';
import type { NoticeVersionStatus } from './constants';
import { BadInputError, ConflictError, NotFoundError, orConflict } from './errors';
import type { InEffect, InEffectRead } from './notice-cache';
import { connectionOf, pageRequest, readPage, type Connection, type PageArgs } from './paging';
import type { Services } from './services';
import type { Notice, NoticeVersion, Section, SectionChange, StoredVersion } from './types';
import {
  BOUNDS,
  optionalText,
  requireDateTime,
  requireIdentifier,
  requireLength,
  requireListLength,
  requireText,
  requireWholeNumber,
} from './validation';

export interface SectionInput {
  key: string;
  heading: string;
  summary?: string | null;
  body: string;
}

/** How far in the past an effectiveAt may lie and still mean "now": clocks differ. */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** A BCP 47 language tag in its canonical form (zh-cn becomes zh-CN). */
function languageTag(value: string): string {
  requireLength(value, 'language', BOUNDS.languageLength);
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (canonical) return canonical;
  } catch {
    // Reported below.
  }
  throw new BadInputError(`language "${value}" is not a BCP 47 language tag`);
}

function validSections(sections: SectionInput[]): Section[] {
  if (sections.length === 0) throw new BadInputError('A notice version needs at least one section');
  requireListLength(sections, 'sections', BOUNDS.sections);
  const seen = new Set<string>();
  const result = sections.map((section, index) => {
    const at = `sections[${index}]`;
    requireIdentifier(section.key, `${at}.key`);
    if (seen.has(section.key))
      throw new BadInputError(`Section key "${section.key}" is used twice`);
    seen.add(section.key);
    return {
      key: section.key,
      heading: requireText(section.heading, `${at}.heading`, BOUNDS.nameLength),
      summary: optionalText(section.summary, `${at}.summary`, BOUNDS.shortTextLength),
      body: requireText(section.body, `${at}.body`, BOUNDS.longTextLength),
    };
  });
  if (Buffer.byteLength(JSON.stringify(result)) > BOUNDS.sectionsBytes) {
    throw new BadInputError(`The sections together exceed ${BOUNDS.sectionsBytes} bytes`);
  }
  return result;
}

// ─── Status: derived, so that a published version is never rewritten ───────

/** The number of the published version in effect at `now`, if any. */
export function currentNumber(notice: Notice, now: Date): number | null {
  const inEffect = notice.publications.filter((p) => Date.parse(p.effectiveAt) <= now.getTime());
  return inEffect.at(-1)?.number ?? null;
}

/** When (epoch ms) the next scheduled version takes effect, if one is scheduled after `now`. */
function nextEffectiveAt(notice: Notice, now: Date): number | null {
  const next = notice.publications.find((p) => Date.parse(p.effectiveAt) > now.getTime());
  return next ? Date.parse(next.effectiveAt) : null;
}

function statusOf(version: StoredVersion, notice: Notice, now: Date): NoticeVersionStatus {
  if (version.state === 'DRAFT') return 'DRAFT';
  if (Date.parse(version.effectiveAt ?? '') > now.getTime()) return 'SCHEDULED';
  return currentNumber(notice, now) === version.number ? 'PUBLISHED' : 'SUPERSEDED';
}

function view(version: StoredVersion, notice: Notice, now: Date): NoticeVersion {
  return { ...version, status: statusOf(version, notice, now) };
}

// ─── Reads ───────────────────────────────────────────────────────────────────

export async function getNotice(services: Services, noticeId: string): Promise<Notice | null> {
  return readNotice(services.db, noticeId);
}

export async function listNotices(services: Services): Promise<Notice[]> {
  return readNotices(services.db);
}

async function requireNotice(services: Services, noticeId: string): Promise<Notice> {
  const notice = await readNotice(services.db, noticeId);
  if (!notice) throw new NotFoundError(`No notice "${noticeId}"`);
  return notice;
}

/**
 * The notice with its version in effect, from the process's cache
 * (domain/notice-cache.ts): what another process published is seen within
 * the staleness bound, a scheduled version at its effectiveAt. A published
 * version never changes, so a reload reads the version again only when
 * another one has taken effect.
 */
export async function noticeInEffect(
  services: Services,
  noticeId: string,
): Promise<InEffect | null> {
  requireIdentifier(noticeId, 'id');
  const now = services.now();
  return services.noticeCache.read(noticeId, now.getTime(), async (previous) =>
    readInEffect(services, noticeId, now, previous),
  );
}

async function readInEffect(
  services: Services,
  noticeId: string,
  now: Date,
  previous: InEffect | undefined,
): Promise<InEffectRead | null> {
  const notice = await readNotice(services.db, noticeId);
  if (!notice) return null;
  const number = currentNumber(notice, now);
  const version =
    number === null
      ? null
      : previous?.current?.number === number
        ? previous.current
        : await getVersion(services.db, noticeId, number);
  return {
    notice,
    current: version && view(version, notice, now),
    nextChangeAt: nextEffectiveAt(notice, now),
  };
}

/**
 * Whole seconds an answer built from `inEffect` may be kept, counted from
 * `since` (epoch ms, when the request arrived): never past the entry's
 * freshness, never more than the staleness bound.
 */
export function secondsFresh(services: Services, inEffect: InEffect, since: number): number {
  const seconds = Math.floor((inEffect.freshUntil - since) / 1000);
  return Math.max(0, Math.min(seconds, listingSecondsFresh(services)));
}

/** Whole seconds a list of notices read during a request may be kept from its arrival: the staleness bound. */
export function listingSecondsFresh(services: Services): number {
  return Math.floor(services.noticeCache.staleMs / 1000);
}

/**
 * One version; a draft only for an admin. Its status comes from the notice
 * read now, not from a cached one that may not list the latest publication.
 */
export async function findVersion(
  services: Services,
  caller: Caller,
  noticeId: string,
  number: number,
): Promise<NoticeVersion | null> {
  requireWholeNumber(number, 'number', BOUNDS.versionNumber);
  const [notice, version] = await Promise.all([
    requireNotice(services, noticeId),
    getVersion(services.db, noticeId, number),
  ]);
  if (!version || (version.state === 'DRAFT' && !isAdmin(caller))) return null;
  return view(version, notice, services.now());
}

/** Newest first, each with its status from the notice read now. */
export async function listVersions(
  services: Services,
  caller: Caller,
  noticeId: string,
  args: PageArgs,
): Promise<Connection<NoticeVersion>> {
  const page = pageRequest(args);
  const now = services.now();
  const [notice, result] = await Promise.all([
    requireNotice(services, noticeId),
    readPage(() => readVersions(services.db, noticeId, isAdmin(caller), page)),
  ]);
  return connectionOf(
    result.items.map((version) => view(version, notice, now)),
    result.cursor,
  );
}

/** The published version a version is compared with: the one published before it. */
function previousPublished(notice: Notice, version: StoredVersion): number | null {
  const earlier = notice.publications.filter((p) => p.number < version.number);
  return earlier.at(-1)?.number ?? null;
}

/** Section by section, against the previous published version: all ADDED for the first. */
export function diffSections(
  before: readonly SectionInput[],
  after: readonly SectionInput[],
): SectionChange[] {
  const old = new Map(before.map((section) => [section.key, section]));
  const current = new Set(after.map((section) => section.key));
  const changes: SectionChange[] = [];
  for (const section of after) {
    const previous = old.get(section.key);
    if (!previous) changes.push({ key: section.key, kind: 'ADDED' });
    else if (
      previous.heading !== section.heading ||
      (previous.summary ?? null) !== (section.summary ?? null) ||
      previous.body !== section.body
    ) {
      changes.push({ key: section.key, kind: 'MODIFIED' });
    }
  }
  for (const section of before) {
    if (!current.has(section.key)) changes.push({ key: section.key, kind: 'REMOVED' });
  }
  return changes;
}

export async function sectionChanges(
  services: Services,
  version: NoticeVersion,
): Promise<SectionChange[]> {
  const notice = await requireNotice(services, version.noticeId);
  const previousNumber = previousPublished(notice, version);
  const [previous] =
    previousNumber === null ? [null] : await getVersions(services.db, notice.id, [previousNumber]);
  return diffSections(previous?.sections ?? [], version.sections);
}

// ─── Changes ─────────────────────────────────────────────────────────────────

export interface CreateNoticeInput {
  id: string;
  title: string;
  language?: string | null;
}

export async function createNotice(
  services: Services,
  caller: Caller,
  input: CreateNoticeInput,
): Promise<Notice> {
  const now = services.now();
  const notice: Notice = {
    id: requireIdentifier(input.id, 'id'),
    title: requireText(input.title, 'title', BOUNDS.nameLength),
    language: languageTag(input.language ?? 'en'),
    createdAt: now.toISOString(),
    lastNumber: 0,
    draftNumber: null,
    publications: [],
  };
  const audit = auditItem(
    services,
    caller,
    { action: 'createNotice', entity: 'Notice', entityId: notice.id },
    now,
  );
  await orConflict(
    insertNotice(services.db, notice, [audit]),
    `A notice "${notice.id}" exists already`,
  );
  services.noticeCache.forget();
  return notice;
}

export interface SaveDraftInput {
  noticeId: string;
  sections: SectionInput[];
  changeSummary?: string | null;
  language?: string | null;
}

/** Creates the next version as a draft, or replaces the content of the open draft. */
export async function saveNoticeDraft(
  services: Services,
  caller: Caller,
  input: SaveDraftInput,
): Promise<NoticeVersion> {
  requireIdentifier(input.noticeId, 'noticeId');
  const sections = validSections(input.sections);
  const changeSummary = optionalText(input.changeSummary, 'changeSummary', BOUNDS.shortTextLength);
  const language = input.language ? languageTag(input.language) : null;
  const notice = await requireNotice(services, input.noticeId);
  const now = services.now();

  const open = notice.draftNumber
    ? await getVersion(services.db, notice.id, notice.draftNumber)
    : null;
  const number = open?.number ?? notice.lastNumber + 1;
  const draft: StoredVersion = {
    noticeId: notice.id,
    number,
    state: 'DRAFT',
    language: language ?? open?.language ?? notice.language,
    material: null,
    changeSummary,
    sections,
    createdAt: open?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    publishedAt: null,
    effectiveAt: null,
  };
  const audit = auditItem(
    services,
    caller,
    {
      action: 'saveNoticeDraft',
      entity: 'Notice',
      entityId: notice.id,
      details: { number, replaced: open !== null },
    },
    now,
  );
  await orConflict(
    open ? replaceDraft(services.db, draft, [audit]) : insertDraft(services.db, draft, [audit]),
    'The notice changed while the draft was saved; read it again and retry',
  );
  return view(draft, notice, now);
}

export interface PublishInput {
  noticeId: string;
  number: number;
  material: boolean;
  effectiveAt?: Date | null;
}

/**
 * Publishes the open draft, now or at a future effectiveAt (SCHEDULED until
 * then). The version in effect before it becomes SUPERSEDED when it takes effect.
 */
export async function publishNoticeVersion(
  services: Services,
  caller: Caller,
  input: PublishInput,
): Promise<NoticeVersion> {
  requireIdentifier(input.noticeId, 'noticeId');
  requireWholeNumber(input.number, 'number', BOUNDS.versionNumber);
  if (input.effectiveAt) requireDateTime(input.effectiveAt, 'effectiveAt');
  const notice = await requireNotice(services, input.noticeId);
  const version = await getVersion(services.db, notice.id, input.number);
  if (!version) throw new NotFoundError(`Notice "${notice.id}" has no version ${input.number}`);
  if (version.state !== 'DRAFT') {
    throw new ConflictError(
      `Version ${input.number} is published already; only a draft can be published`,
    );
  }

  const now = services.now();
  const effectiveAt = effectiveTime(input.effectiveAt, notice, now);
  const published = {
    ...version,
    state: 'PUBLISHED' as const,
    material: input.material,
    publishedAt: now.toISOString(),
    effectiveAt: effectiveAt.toISOString(),
    updatedAt: now.toISOString(),
  };
  const audit = auditItem(
    services,
    caller,
    {
      action: 'publishNoticeVersion',
      entity: 'Notice',
      entityId: notice.id,
      details: {
        number: version.number,
        material: input.material,
        effectiveAt: published.effectiveAt,
      },
    },
    now,
  );
  await orConflict(
    publishDraft(services.db, published, notice.publications.length, [audit]),
    'Another publication of this notice came first; read it again',
  );
  services.noticeCache.forget();
  const after: Notice = {
    ...notice,
    draftNumber: null,
    publications: [
      ...notice.publications,
      { number: version.number, effectiveAt: published.effectiveAt, material: input.material },
    ],
  };
  return view(published, after, now);
}

/** Now by default; never in the past, never before a version already scheduled. */
function effectiveTime(requested: Date | null | undefined, notice: Notice, now: Date): Date {
  if (requested && requested.getTime() < now.getTime() - CLOCK_TOLERANCE_MS) {
    throw new BadInputError(
      'effectiveAt must not lie in the past: a notice cannot apply retroactively',
    );
  }
  const effectiveAt = !requested || requested.getTime() < now.getTime() ? now : requested;
  const last = notice.publications.at(-1);
  if (last && Date.parse(last.effectiveAt) > effectiveAt.getTime()) {
    throw new ConflictError(
      `Version ${last.number} is scheduled to take effect at ${last.effectiveAt}; a later publication cannot take effect before it`,
    );
  }
  return effectiveAt;
}
