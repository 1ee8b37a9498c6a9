/**
 * The few words of the notice page's own (not the notice's text), in the
 * notice's language where we have them, so that a notice read in Chinese is
 * not framed in English. Elsewhere English, marked as such.
 */
export interface NoticeWords {
  /** The BCP 47 tag of these words, for `lang`. */
  lang: string;
  lastRevised: string;
  version: (number: number) => string;
  inShort: string;
  contents: string;
  /** Between a label and what it labels: Chinese takes the full-width colon. */
  colon: string;
}

type WordsLanguage = 'en' | 'zh-Hans';

const WORDS: Record<WordsLanguage, NoticeWords> = {
  en: {
    lang: 'en',
    lastRevised: 'Last revised',
    version: (number) => `(version ${number})`,
    inShort: 'In short',
    contents: 'Contents',
    colon: ': ',
  },
  'zh-Hans': {
    lang: 'zh-CN',
    lastRevised: '最后修订',
    version: (number) => `（第 ${number} 版）`,
    inShort: '简而言之',
    contents: '目录',
    colon: '：',
  },
};

/** Simplified Chinese for zh, zh-CN, zh-SG, zh-Hans; English for anything else. */
export function noticeWords(language: string): NoticeWords {
  const simplifiedChinese = /^zh(-|$)/i.test(language) && !/-(Hant|TW|HK|MO)(-|$)/i.test(language);
  return WORDS[simplifiedChinese ? 'zh-Hans' : 'en'];
}
