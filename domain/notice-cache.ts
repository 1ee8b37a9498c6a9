import type { Notice, NoticeVersion } from './types';

/** How long another process may serve a superseded notice version, unless a setting says otherwise. */
export const DEFAULT_NOTICE_CACHE_SECONDS = 5;

/** A notice with the version in effect, as read at one moment. */
export interface InEffect {
  notice: Notice;
  current: NoticeVersion | null;
  /** The version in effect in each language it is translated into. */
  translations: ReadonlyMap<string, NoticeVersion>;
  /**
   * Until when (epoch ms) it may be served: the staleness bound after the
   * read, or the next scheduled effectiveAt, whichever comes first.
   */
  freshUntil: number;
}

/** What a load reads: the notice, its version in effect (in each language), and when that changes next. */
export interface InEffectRead {
  notice: Notice;
  current: NoticeVersion | null;
  translations: ReadonlyMap<string, NoticeVersion>;
  /** The effectiveAt (epoch ms) of the next scheduled version, if any. */
  nextChangeAt: number | null;
}

/**
 * The process's notices in effect, by notice id. Another process's
 * publication is seen once an entry has lived `staleMs`; a scheduled version
 * as soon as its effectiveAt comes; this process's own changes at once
 * (`forget`).
 */
export interface NoticeCache {
  readonly staleMs: number;
  /**
   * Bumped by `forget`: whatever was built from entries of an earlier
   * generation (a stored HTTP answer, say) is out of date.
   */
  readonly generation: number;
  /**
   * The entry of a notice, read with `load` when there is none fresh at `now`
   * (epoch ms). `load` is given the entry it replaces; concurrent callers
   * share one load. A notice that does not exist is not kept.
   */
  read(
    noticeId: string,
    now: number,
    load: (previous: InEffect | undefined) => Promise<InEffectRead | null>,
  ): Promise<InEffect | null>;
  /** This process changed a notice: every entry goes. */
  forget(): void;
}

export function createNoticeCache(seconds: number = DEFAULT_NOTICE_CACHE_SECONDS): NoticeCache {
  const staleMs = seconds * 1000;
  const entries = new Map<string, InEffect>();
  const loading = new Map<string, Promise<InEffect | null>>();
  let generation = 0;

  const start = (
    noticeId: string,
    now: number,
    load: (previous: InEffect | undefined) => Promise<InEffectRead | null>,
  ): Promise<InEffect | null> => {
    const startedIn = generation;
    const entry = load(entries.get(noticeId))
      .then((read) =>
        read
          ? {
              notice: read.notice,
              current: read.current,
              translations: read.translations,
              freshUntil: Math.min(now + staleMs, read.nextChangeAt ?? Infinity),
            }
          : null,
      )
      .finally(() => {
        if (loading.get(noticeId) === entry) loading.delete(noticeId);
      });
    loading.set(noticeId, entry);
    return entry.then((loaded) => {
      // A load that began before this process changed a notice may have read the old state.
      if (generation === startedIn) {
        if (loaded) entries.set(noticeId, loaded);
        else entries.delete(noticeId);
      }
      return loaded;
    });
  };

  return {
    staleMs,
    get generation() {
      return generation;
    },
    async read(noticeId, now, load) {
      const entry = entries.get(noticeId);
      if (entry && entry.freshUntil > now) return entry;
      const shared = loading.get(noticeId);
      const joined = shared && (await shared);
      // A shared load serves only if what it read is still in effect now.
      if (shared && (!joined || joined.freshUntil > now)) return joined ?? null;
      return start(noticeId, now, load);
    },
    forget() {
      generation += 1;
      entries.clear();
      loading.clear();
    },
  };
}
