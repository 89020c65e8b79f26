import { describe, expect, it } from 'vitest';
import { cleanPaste, htmlToText, slackToText } from '../src/text/paste.js';

describe('cleanPaste', () => {
  it('turns a Teams HTML paste back into text, dropping the @mention', () => {
    const html =
      '<p><at>FreeBusy Doctor</at>&nbsp;I get this:</p><pre>Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 401: Unauthorized.<br>at System.Web.Services.Protocols.SoapHttpClientProtocol.ReadResponse()</pre><p>&quot;any idea?&quot;</p>';
    const { text } = cleanPaste(html);
    expect(text).not.toContain('FreeBusy Doctor');
    expect(text).not.toMatch(/<\/?(p|pre|br|at)>/);
    expect(text).toContain('HTTP status 401: Unauthorized.\nat System.Web.Services');
    expect(text).toContain('"any idea?"');
  });

  it('decodes Slack escaping, links, mailto and mentions', () => {
    const slack =
      '<@U0123ABCD> Autodiscover failed for email address <mailto:megan@fabrikam.com|megan@fabrikam.com> with error &lt;b&gt; &amp; TargetAutodiscoverEpr <https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc|autodiscover.fabrikam.com/autodiscover/autodiscover.svc>';
    const { text } = cleanPaste(slack);
    expect(text).toBe(
      'Autodiscover failed for email address megan@fabrikam.com with error <b> & TargetAutodiscoverEpr autodiscover.fabrikam.com/autodiscover/autodiscover.svc',
    );
  });

  it('strips code fences and keeps the pasted lines', () => {
    const { text } = cleanPaste('```\nName : WindowsAzureACS\nEnabled : True\n```');
    expect(text).toBe('Name : WindowsAzureACS\nEnabled : True');
  });

  it('decodes doubly escaped HTML entities as seen in exported logs', () => {
    expect(cleanPaste('Object moved &amp;lt;title&amp;gt;Object moved&amp;lt;/title&amp;gt;').text).toBe('Object moved <title>Object moved</title>');
  });

  it('drops control characters of binary junk and reports truncation', () => {
    const junk = '\u0000\u0001\u0002PK\u0003\u0004\ufffd\ufffd';
    expect(cleanPaste(junk).text).toBe('PK');
    const long = cleanPaste('x'.repeat(100), { maxLength: 10 });
    expect(long).toEqual({ text: 'x'.repeat(10), truncated: true, originalLength: 100 });
  });

  it('leaves plain text with angle-bracket placeholders alone', () => {
    const t = 'Autodiscover failed for email address <smtp address> with error';
    expect(cleanPaste(t).text).toBe(t);
    expect(htmlToText('a<br/>b')).toBe('a\nb');
    expect(slackToText('&lt;x&gt;')).toBe('<x>');
  });

  it('keeps <!DOCTYPE> and other text that only looks like Slack markup', () => {
    expect(cleanPaste('<!DOCTYPE html><html><title>Object moved</title>').text).toContain('<!DOCTYPE html>');
    expect(cleanPaste('<!here> see <@U0ABC123> and <#C0123|general>').text).toBe('see   and #general');
  });

  it('stays linear on hostile input: a 1 MB run of spaces, blank lines, and endless "<p"', () => {
    expect(cleanPaste(' '.repeat(1_000_000) + 'x').text).toBe('x');
    expect(cleanPaste('\n'.repeat(200_000) + 'y').text).toBe('y');
    expect(cleanPaste('<p'.repeat(200_000)).text.length).toBe(400_000);
  });
});
