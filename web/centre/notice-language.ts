/** The language a person chose for the notice, kept for the tab's session only. */
const CHOSEN_LANGUAGE = 'privacy-ops.notice-language';

export function chosenLanguage(): string | null {
  return sessionStorage.getItem(CHOSEN_LANGUAGE);
}

export function chooseLanguage(language: string): void {
  sessionStorage.setItem(CHOSEN_LANGUAGE, language);
}

function primary(tag: string): string {
  return tag.split('-')[0]?.toLowerCase() ?? '';
}

/**
 * The offered language that best fits the wishes, in order (the person's
 * choice, then the browser's languages): the same tag, else the same primary
 * language (`zh` finds `zh-CN`, `en-GB` finds `en`); else the notice's own.
 */
export function bestLanguage(offered: readonly string[], wishes: readonly string[]): string | null {
  for (const wish of wishes) {
    const exact = offered.find((tag) => tag.toLowerCase() === wish.toLowerCase());
    if (exact) return exact;
    const near = offered.find((tag) => primary(tag) === primary(wish));
    if (near) return near;
  }
  return offered[0] ?? null;
}

/** What the person wants, most wanted first. */
export function wishedLanguages(): string[] {
  const chosen = chosenLanguage();
  return [...(chosen ? [chosen] : []), ...navigator.languages];
}

/** A language by its own name, and by its English one where that differs: "中文（中国） – Chinese (China)". */
export function languageName(tag: string): string {
  const own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  return own === english ? own : `${own} – ${english}`;
}
