import type { SectionInput } from '../../domain/notices';

/** Sections of a small notice; `overrides` replaces or adds by key. */
export function sections(
  overrides: Partial<Record<string, Partial<SectionInput>>> = {},
): SectionInput[] {
  const base: SectionInput[] = [
    {
      key: 'collected',
      heading: 'What we collect',
      summary: 'Some data.',
      body: 'Name and email.',
    },
    { key: 'purposes', heading: 'Why', summary: 'To run events.', body: 'Registration.' },
    { key: 'contact', heading: 'Contact', body: 'Write to us.' },
  ];
  const result = base.map((section) => ({ ...section, ...overrides[section.key] }));
  for (const [key, extra] of Object.entries(overrides)) {
    if (!base.some((section) => section.key === key)) {
      result.push({ key, heading: `Heading ${key}`, body: `Body ${key}`, ...extra });
    }
  }
  return result;
}
