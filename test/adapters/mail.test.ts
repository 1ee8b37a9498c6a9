import { foldLines } from '../../adapters/mail';

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const longest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));

describe('foldLines: lines of at most 76 characters, folded between words', () => {
  it.each([
    ['an empty text', ''],
    ['a short line', 'Your request is complete.'],
    ['a line of exactly 76 characters', 'x'.repeat(76)],
    ['short lines and an empty one', 'Dear Ada,\n\nYour request is complete.\n'],
  ])('keeps %s as it is', (_case, text) => {
    expect(foldLines(text)).toBe(text);
  });

  it('folds a line of 77 characters at its last space', () => {
    const text = `${'a'.repeat(70)} ${'b'.repeat(6)}`;
    expect(text).toHaveLength(77);
    expect(foldLines(text)).toBe(`${'a'.repeat(70)}\n${'b'.repeat(6)}`);
  });

  it('folds a long paragraph into lines of at most 76 characters, losing no word', () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const folded = foldLines(text);
    expect(folded.split('\n').length).toBeGreaterThan(1);
    expect(longest(folded)).toBeLessThanOrEqual(76);
    expect(words(folded)).toEqual(words(text));
    expect(folded.split('\n').every((line) => line === line.trim())).toBe(true);
  });

  it('folds each line of a text on its own, keeping its line breaks', () => {
    const long = `${'a'.repeat(50)} ${'b'.repeat(50)}`;
    expect(foldLines(`Code: 123456\n${long}\nThanks`)).toBe(
      `Code: 123456\n${'a'.repeat(50)}\n${'b'.repeat(50)}\nThanks`,
    );
  });

  it.each([
    ['a word of 100 characters', 'x'.repeat(100), ['x'.repeat(76), 'x'.repeat(24)]],
    [
      'a link longer than a line, after a short word',
      `See https://example.org/${'p'.repeat(80)}`,
      ['See', `https://example.org/${'p'.repeat(56)}`, 'p'.repeat(24)],
    ],
  ])('cuts %s at 76 characters, since no space allows a fold', (_case, text, lines) => {
    expect(foldLines(text).split('\n')).toEqual(lines);
  });
});
