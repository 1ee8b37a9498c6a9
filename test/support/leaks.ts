/**
 * What no answer and no log line may carry: the inside of the server, and
 * personal data the reader did not send themselves.
 */

/** A stack frame, the table's name, a DynamoDB key or key attribute, the database's address. */
export function internalsPattern(table: string, dynamoEndpoint: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    [
      String.raw`\bat .+:\d+:\d+`,
      escape(table),
      // The key prefixes of store/keys.ts.
      String.raw`\b(SUBJECT|EMAIL|EVENT|REQUESTS?|PURPOSE|PARTNER|CONSENT(LOG)?|NOTICE|VERSION|DELIVER(Y|IES)|AUDIT|REG(ISTRATION)?|SHARES?|FANOUT|STEP|EXPORT|PART|NOTIFICATION)#`,
      String.raw`\b(pk|sk)\b`,
      escape(new URL(dynamoEndpoint).host),
      'DynamoDB',
      'ECONNREFUSED',
    ].join('|'),
    'i',
  );
}

/** Each value as given and in lower case, and every word of it long enough to name someone. */
export function searchedForms(values: string[]): string[] {
  const forms = values.flatMap((value) => [
    value,
    value.toLowerCase(),
    ...value.split(/[\s,]+/).filter((word) => word.length >= 6),
  ]);
  return [...new Set(forms.flatMap((form) => [form, form.toLowerCase()]))];
}
