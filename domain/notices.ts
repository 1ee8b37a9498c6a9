import {
  getNotice as readNotice,
  getTranslation,
  getTranslations,
  getVersion,
  getVersions,
  insertDraft,
  insertNotice,
  listNotices as readNotices,
  listVersions as readVersions,
  publishDraft,
  replaceDraft,
  saveTranslation,
} from '../store/notices';
import { auditItem } from './audit';
import { isAdmin, type Caller } from './caller';
import type { NoticeVersionStatus } from './constants';
import { BadInputError, ConflictError, NotFoundError, orConflict } from './errors';
import type { InEffect, InEffectRead } from './notice-cache';
import { connectionOf, pageRequest, readPage, type Connection, type PageArgs } from './paging';
import type { Services } from './services';
import type {
  Notice,
  NoticeVersion,
  Section,
  SectionChange,
  StoredVersion,
  Translation,
} from './types';
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
  return { ...version, status: statusOf(version, notice, now), original: null };
}

/** The version as stored, whichever language it is seen in. */
function stored(version: NoticeVersion): StoredVersion {
  return version.original ?? version;
}

/**
 * The version in a translation's language: its sections (in the version's
 * order) and change summary, the rest the version's own.
 */
function translatedView(version: NoticeVersion, translation: Translation): NoticeVersion {
  const original = stored(version);
  const order = new Map(original.sections.map((section, index) => [section.key, index]));
  return {
    ...version,
    language: translation.language,
    changeSummary: translation.changeSummary,
    sections: translation.sections.toSorted(
      (a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0),
    ),
    original,
  };
}

/** The languages of a version: its own first, then those of its translations. */
export function languagesOf(version: NoticeVersion): string[] {
  const original = stored(version);
  return [original.language, ...original.translations];
}

/** Whether two versions' sections have the same keys, in whatever order. */
function sameKeys(a: readonly Section[], b: readonly { key: string }[]): boolean {
  const keys = new Set(a.map((section) => section.key));
  return keys.size === b.length && b.every((section) => keys.has(section.key));
}

/**
 * A draft's next updatedAt: now, but always after the last, so that a write
 * conditioned on the updatedAt it read finds no change in between.
 */
function nextUpdate(read: StoredVersion | null, now: Date): string {
  const last = read ? Date.parse(read.updatedAt) : -Infinity;
  return new Date(Math.max(now.getTime(), last + 1)).toISOString();
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
  const unchanged = number !== null && previous?.current?.number === number;
  const version =
    number === null
      ? null
      : unchanged
        ? previous.current
        : await getVersion(services.db, noticeId, number);
  const current = version && view(version, notice, now);
  return {
    notice,
    current,
    translations: unchanged ? previous.translations : await translationsOf(services, current),
    nextChangeAt: nextEffectiveAt(notice, now),
  };
}

/** A published version in each of its translations' languages, read once: they never change. */
async function translationsOf(
  services: Services,
  version: NoticeVersion | null,
): Promise<ReadonlyMap<string, NoticeVersion>> {
  if (!version || version.translations.length === 0) return new Map();
  const translations = await getTranslations(services.db, version.noticeId, version.number);
  return new Map(
    translations.map((translation) => [translation.language, translatedView(version, translation)]),
  );
}

/** The languages the version in effect is published in, its own first; none while none is in effect. */
export function languagesInEffect(inEffect: InEffect): string[] {
  return inEffect.current ? languagesOf(inEffect.current) : [];
}

/** The notice in effect (as noticeInEffect), with its version in `language`, else in its own. */
export async function noticeInEffectIn(
  services: Services,
  noticeId: string,
  language: string,
): Promise<{ inEffect: InEffect; version: NoticeVersion | null } | null> {
  const tag = languageTag(language);
  const inEffect = await noticeInEffect(services, noticeId);
  return inEffect && { inEffect, version: inEffect.translations.get(tag) ?? inEffect.current };
}

/**
 * A version in `language`: itself in its own, a translation in another it
 * has, null in any other. A draft's translations are read as they stand.
 */
export async function versionIn(
  services: Services,
  version: NoticeVersion,
  language: string,
): Promise<NoticeVersion | null> {
  const tag = languageTag(language);
  const own: NoticeVersion = { ...stored(version), status: version.status, original: null };
  if (tag === own.language) return own;
  if (!own.translations.includes(tag)) return null;
  const translation = await getTranslation(services.db, own.noticeId, own.number, tag);
  return translation && translatedView(own, translation);
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
  // A translation has the changes of its version: they are compared in the version's language.
  return diffSections(previous?.sections ?? [], stored(version).sections);
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
  const draftLanguage = language ?? open?.language ?? notice.language;
  // A translation must have the draft's keys exactly, and be in another language than the draft's.
  const translations =
    open && sameKeys(open.sections, sections)
      ? open.translations.filter((tag) => tag !== draftLanguage)
      : [];
  const dropped = (open?.translations ?? []).filter((tag) => !translations.includes(tag));
  const draft: StoredVersion = {
    noticeId: notice.id,
    number,
    state: 'DRAFT',
    language: draftLanguage,
    material: null,
    changeSummary,
    sections,
    translations,
    createdAt: open?.createdAt ?? now.toISOString(),
    updatedAt: nextUpdate(open, now),
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
      details: {
        number,
        replaced: open !== null,
        ...(dropped.length > 0 ? { droppedTranslations: dropped } : {}),
      },
    },
    now,
  );
  await orConflict(
    open
      ? replaceDraft(services.db, open, draft, dropped, [audit])
      : insertDraft(services.db, draft, [audit]),
    'The notice changed while the draft was saved; read it again and retry',
  );
  return view(draft, notice, now);
}

export interface SaveTranslationInput {
  noticeId: string;
  number: number;
  language: string;
  sections: SectionInput[];
  changeSummary?: string | null;
}

/**
 * Adds or replaces a translation of a draft: the draft's section keys
 * exactly, in another language than the draft's. It is published with the
 * draft, and dropped if the draft is saved with other keys or in its language.
 */
export async function saveNoticeTranslation(
  services: Services,
  caller: Caller,
  input: SaveTranslationInput,
): Promise<NoticeVersion> {
  requireIdentifier(input.noticeId, 'noticeId');
  requireWholeNumber(input.number, 'number', BOUNDS.versionNumber);
  const language = languageTag(input.language);
  const sections = validSections(input.sections);
  const changeSummary = optionalText(input.changeSummary, 'changeSummary', BOUNDS.shortTextLength);
  const notice = await requireNotice(services, input.noticeId);
  const version = await getVersion(services.db, notice.id, input.number);
  if (!version) throw new NotFoundError(`Notice "${notice.id}" has no version ${input.number}`);
  if (version.state !== 'DRAFT') {
    throw new ConflictError(
      `Version ${input.number} is published: its languages were published with it and never change`,
    );
  }
  if (language === version.language) {
    throw new BadInputError(
      `language "${language}" is the version's own: a translation is into another language`,
    );
  }
  if (!sameKeys(version.sections, sections)) {
    throw new BadInputError(
      `sections must have the version's keys exactly: ${version.sections.map((section) => section.key).join(', ')}`,
    );
  }

  const now = services.now();
  const translation: Translation = {
    noticeId: notice.id,
    number: version.number,
    language,
    changeSummary,
    sections,
    updatedAt: now.toISOString(),
  };
  const draft: StoredVersion = {
    ...version,
    translations: [...new Set([...version.translations, language])].sort(),
    updatedAt: nextUpdate(version, now),
  };
  const audit = auditItem(
    services,
    caller,
    {
      action: 'saveNoticeTranslation',
      entity: 'Notice',
      entityId: notice.id,
      details: {
        number: version.number,
        language,
        replaced: version.translations.includes(language),
      },
    },
    now,
  );
  await orConflict(
    saveTranslation(services.db, version, draft, translation, [audit]),
    'The draft changed while the translation was saved; read it again and retry',
  );
  return translatedView(view(draft, notice, now), translation);
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
    publishDraft(services.db, version, published, notice.publications.length, [audit]),
    'Another publication of this notice, or a change of its draft, came first; read it again',
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
