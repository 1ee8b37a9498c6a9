import { createLogger, emfTelemetry, errorFacts, loggingFailures } from '../../adapters/telemetry';

/** The JSON lines written to stdout and stderr while `act` runs. */
async function linesWrittenBy(act: () => unknown): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(chunk.toString());
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await act();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('telemetry', () => {
  it('writes counts as CloudWatch EMF, one line per set of dimensions, when flushed', async () => {
    const metrics = emfTelemetry('test-service');
    const lines = await linesWrittenBy(() => {
      metrics.count('DeliveriesSent', 1, { channel: 'EMAIL' });
      metrics.count('DeliveriesSent', 1, { channel: 'EMAIL' });
      metrics.count('DeliveriesSent', 1, { channel: 'WEBHOOK' });
      metrics.count('PeopleTold', 250);
      metrics.flush();
      metrics.flush();
    });
    expect(lines).toEqual([
      expect.objectContaining({ channel: 'EMAIL', DeliveriesSent: [1, 1] }),
      expect.objectContaining({ channel: 'WEBHOOK', DeliveriesSent: 1 }),
      expect.objectContaining({ PeopleTold: 250, service: 'test-service' }),
    ]);
    expect(lines[0]?._aws).toMatchObject({
      CloudWatchMetrics: [
        {
          Namespace: 'PrivacyOps',
          Dimensions: [['service', 'channel']],
          Metrics: [{ Name: 'DeliveriesSent', Unit: 'Count' }],
        },
      ],
    });
  });

  it('says of an error its kind and where it was thrown, never its message', () => {
    const error = Object.assign(new Error('No person ada@example.org'), { code: 'ENOENT' });
    const facts = errorFacts(error);
    expect(facts).toEqual({ name: 'Error', code: 'ENOENT', location: expect.any(String) });
    expect(JSON.stringify(facts)).not.toContain('ada@example.org');
  });

  it('logs a failed stream record under its eventID, and throws on', async () => {
    const logger = createLogger('INFO', 'test-service');
    const handle = loggingFailures(logger, async () => {
      throw new TypeError('Cannot read ada@example.org');
    });
    let thrown: unknown;
    const lines = await linesWrittenBy(() =>
      handle({ eventID: 'event-1' }).catch((error: unknown) => (thrown = error)),
    );
    expect(thrown).toBeInstanceOf(TypeError);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'A stream record failed',
        correlation_id: 'event-1',
        error: expect.objectContaining({ name: 'TypeError' }),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('ada@example.org');
  });
});
