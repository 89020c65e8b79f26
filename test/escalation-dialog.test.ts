import { describe, expect, it } from 'vitest';
import { Chat } from './helpers/chat.js';

describe('escalation in the conversation (no ticket store attached)', () => {
  it('asks a description and the urgency, previews, and cancels back to the step it interrupted', async () => {
    const chat = new Chat();
    await chat.say('The caller does not have access to free/busy data');
    expect(await chat.say('escalate')).toContain('In one line, what should the engineer know');
    // A description that quotes an error is not taken for a new error.
    expect(await chat.say('Users see "The caller does not have access to free/busy data" since Monday')).toContain('How urgent is it?');
    expect(await chat.say('back')).toContain('How urgent is it?');
    expect(await chat.say('sometime')).toContain('Please choose one of the options');
    const preview = await chat.say('Critical — business stopped');
    expect(preview).toContain('Here is what I will send:');
    expect(preview).toContain('[Send the ticket]');
    const cancelled = await chat.say('Cancel');
    expect(cancelled).toContain('Escalation cancelled; nothing was sent.');
    expect(cancelled).toContain('Whose calendar cannot be seen?');
    expect(await chat.say('status')).not.toContain('Escalated');
  });

  it('changes the description from the preview, then sends', async () => {
    const chat = new Chat();
    await chat.say('The caller does not have access to free/busy data');
    await chat.say('escalate');
    await chat.say('first try');
    await chat.say('Low — it can wait');
    expect(await chat.say('Change the description')).toContain('In one line');
    await chat.say('second try');
    await chat.say('Normal');
    const sent = await chat.say('Send the ticket');
    expect(sent).toContain('No ticket store is attached');
    expect(sent).toContain('Escalated: The admin asked to escalate.');
    expect(await chat.say('escalate')).toContain('This case is already escalated.');
  });

  it('offers escalation after two unrecognised errors and walks into it', async () => {
    const chat = new Chat();
    await chat.say('my printer is on fire');
    expect(await chat.say('the coffee machine is broken too')).toContain('[Escalate to an engineer]');
    expect(await chat.say('Escalate to an engineer')).toContain('could not be matched to a known hybrid free/busy error');
  });

  it('a new error after an escalated case starts a new case that can be escalated again', async () => {
    const chat = new Chat();
    await chat.say('The caller does not have access to free/busy data');
    for (const m of ['escalate', 'skip', 'Normal', 'Send the ticket']) await chat.say(m);
    await chat.say('Failed to get ASURL. Error 8004010F');
    const status = await chat.say('status');
    expect(status).toContain('(asurl-8004010f)');
    expect(status).not.toContain('Escalated');
    expect(await chat.say('escalate')).toContain('In one line');
  });
});
