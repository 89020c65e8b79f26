import { describe, expect, it } from 'vitest';
import { oneLine, redactionStatement, transcriptAttachments } from '../../src/tickets/ticket-text.js';
import { sampleDoc, SAMPLE_TRANSCRIPT_JSON, SAMPLE_TRANSCRIPT_MD } from './sample-doc.js';

describe('ticket text shared by every connector', () => {
  it('flattens and caps one-liners, always states redaction, and builds the two transcript files', () => {
    expect(oneLine('  a\r\n\tb   c  ', 100)).toBe('a b c');
    expect(oneLine('abcdefghij', 5)).toBe('abcd…');
    expect(oneLine('abcde', 5)).toBe('abcde');

    expect(redactionStatement(sampleDoc({ redaction: { total: 3, counts: { password: 1, token: 2, guid: 0 } } }))).toBe(
      'Redacted before sending: 3 value(s) (password 1, token 2).',
    );
    expect(redactionStatement(sampleDoc({ redaction: { total: 0, counts: {} } }))).toBe(
      'Redaction ran before sending: nothing needed removing.',
    );

    expect(transcriptAttachments(sampleDoc())).toEqual([
      { name: 'transcript.md', contentType: 'text/markdown; charset=utf-8', content: SAMPLE_TRANSCRIPT_MD },
      { name: 'conversation.transcript', contentType: 'application/json', content: SAMPLE_TRANSCRIPT_JSON },
    ]);
  });
});
