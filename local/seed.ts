import type { Caller } from '../domain/caller';
import {
  createNotice,
  publishNoticeVersion,
  saveNoticeDraft,
  saveNoticeTranslation,
  type SectionInput,
} from '../domain/notices';
import { upsertPurpose, type PurposeInput } from '../domain/purposes';
import type { Services } from '../domain/services';
import { isTableEmpty } from '../store/table';
import sampleData from './seed/sample-data.json';
import sampleNoticeInChinese from './seed/sample-notice.zh-CN.json';

/** The seed acts as an administrator, so its changes stand in the audit log like any other. */
const SEED_CALLER: Caller = { role: 'ADMIN', sub: 'seed' };

interface SampleData {
  notice: {
    id: string;
    title: string;
    language: string;
    changeSummary: string;
    sections: SectionInput[];
  };
  purposes: PurposeInput[];
}

/** The sample notice in another language: the same section keys, in the project's own words. */
interface SampleTranslation {
  language: string;
  changeSummary: string;
  sections: SectionInput[];
}

const TRANSLATIONS: SampleTranslation[] = [sampleNoticeInChinese];

/**
 * Fills an empty table with the lab's notice (published, in effect now, in
 * English and Simplified Chinese) and the purposes of its processing. A
 * table that holds anything is left alone.
 */
export async function seedIfEmpty(services: Services): Promise<boolean> {
  if (!(await isTableEmpty(services.db))) return false;
  const data = sampleData as SampleData;
  for (const purpose of data.purposes) await upsertPurpose(services, SEED_CALLER, purpose);
  const { id, title, language, changeSummary, sections } = data.notice;
  await createNotice(services, SEED_CALLER, { id, title, language });
  const draft = await saveNoticeDraft(services, SEED_CALLER, {
    noticeId: id,
    sections,
    changeSummary,
  });
  for (const translation of TRANSLATIONS) {
    await saveNoticeTranslation(services, SEED_CALLER, {
      noticeId: id,
      number: draft.number,
      ...translation,
    });
  }
  await publishNoticeVersion(services, SEED_CALLER, {
    noticeId: id,
    number: draft.number,
    material: true,
  });
  return true;
}
