type Block = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

const LIST_ITEM = /^- /;

/**
 * A section's body as its author wrote it: paragraphs apart by a blank line,
 * and a paragraph whose every line starts with "- " a list.
 */
function blocksOf(body: string): Block[] {
  return body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => {
      const lines = paragraph.split('\n');
      return lines.every((line) => LIST_ITEM.test(line))
        ? { kind: 'list', items: lines.map((line) => line.replace(LIST_ITEM, '')) }
        : { kind: 'paragraph', text: paragraph };
    });
}

export function NoticeBody({ body }: { body: string }) {
  return (
    <div class="prose">
      {blocksOf(body).map((block, index) =>
        block.kind === 'list' ? (
          <ul key={index}>
            {block.items.map((item, itemIndex) => (
              <li key={itemIndex}>{item}</li>
            ))}
          </ul>
        ) : (
          <p key={index}>{block.text}</p>
        ),
      )}
    </div>
  );
}
