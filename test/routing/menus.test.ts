import { describe, expect, it } from 'vitest';
import type { CallFilter } from '../../src/domain/call-filter.ts';
import type { Flow, Target, Whisper } from '../../src/domain/flow.ts';
import type { E164 } from '../../src/domain/phone-number.ts';
import { buildSnapshot, simulate, type Behaviour, type CallerId, type PlayId, type SimulationResult, type Step } from '../../src/routing/index.ts';
import { spokenSeconds } from '../../src/routing/simulated-queue.ts';
import { CallDriver } from './support/call-driver.ts';
import { announcement, businessNumber, destination, hangup, menu, organization, ring } from './support/config-builders.ts';

/*
 * Issue 5: menus, announcements and whispers, as a customer sees them in the simulator (timeline and
 * trace) and as call control drives them through `start`/`next`.
 */

const line = '+31201234567';
const sales = '+31301234567';
const support = '+31612345678';
const anna = '+31687654321';
const org = 'org_acme';
const caller: CallerId = { kind: 'number', e164: '+31611112222' as E164 };
const at = Date.parse('2026-11-23T10:00:00+01:00');

const greeting = 'Welcome to Acme. Press 1 for sales, press 2 for support.';
const salesRing = ring('simultaneous', [destination(sales, { label: 'Sales' })]);
const supportRing = ring('simultaneous', [destination(support, { label: 'Support' })]);

function snapshotWith(flow: Flow) {
  const number = { ...businessNumber(org, line, flow.target, { label: 'Sales line' }), flow };
  return buildSnapshot([{ organization: organization(org), numbers: [number] }]);
}

interface Script {
  readonly digits?: readonly string[];
  readonly behaviours?: Readonly<Record<string, Behaviour>>;
  readonly hangUpAfter?: number;
  readonly from?: CallerId;
}

function simulated(target: Target | Flow, script: Script = {}): SimulationResult {
  const flow: Flow = 'target' in target ? target : { target };
  return simulate(snapshotWith(flow), {
    facts: { to: line, from: script.from ?? caller, at, via: 'simulator' },
    behaviourFor: (leg) => (leg.label ? script.behaviours?.[leg.label] : undefined) ?? 'noAnswer',
    ...(script.digits ? { digits: script.digits } : {}),
    ...(script.hangUpAfter === undefined ? {} : { callerHangsUpAfterSeconds: script.hangUpAfter }),
  });
}

const events = (result: SimulationResult) => result.timeline.map((entry) => entry.event);
const prompts = (result: SimulationResult) => result.timeline.filter((entry) => entry.event === 'prompt').map((entry) => entry.text);
const traced = (result: SimulationResult, code: string) => result.trace.filter((entry) => entry.code === code);
const rang = (result: SimulationResult) => result.timeline.filter((entry) => entry.event === 'ringing').map((entry) => entry.label);

describe('menus', () => {
  const twoKeys = menu(greeting, { '1': salesRing, '2': supportRing });

  it('key 1 sends the caller to its ring: answered, prompt, digits, then that ring rings and answers', () => {
    const result = simulated(twoKeys, { digits: ['1'], behaviours: { Sales: 'answer' } });
    const heard = spokenSeconds(greeting);
    expect(result.timeline.map(({ atSeconds, event, text, digits, label }) => ({ atSeconds, event, text, digits, label }))).toEqual([
      { atSeconds: 0, event: 'callAnswered', text: undefined, digits: undefined, label: undefined },
      { atSeconds: 0, event: 'prompt', text: greeting, digits: undefined, label: undefined },
      { atSeconds: heard, event: 'digits', text: undefined, digits: '1', label: undefined },
      { atSeconds: heard, event: 'ringing', text: undefined, digits: undefined, label: 'Sales' },
      { atSeconds: heard, event: 'answered', text: undefined, digits: undefined, label: 'Sales' },
      { atSeconds: heard, event: 'connected', text: undefined, digits: undefined, label: 'Sales' },
    ]);
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Sales', destination: sales });

    const chosen = traced(result, 'menu.chosen');
    expect(chosen).toEqual([expect.objectContaining({ rule: 'target', message: 'The caller pressed 1.' })]);
    // The ring's own entries name the key's path, so a customer sees which option rang.
    expect(traced(result, 'leg.ringing')).toEqual([expect.objectContaining({ rule: 'target.key.1' })]);
    expect(traced(result, 'call.connected')[0]?.rule).toBe('target.key.1');
    const prompt = traced(result, 'menu.prompt')[0];
    expect(prompt?.message).toBe(`The caller hears the menu: "${greeting}" — waiting up to 10 s for a key (1, 2).`);
    expect(traced(result, 'call.answered')[0]?.rule).toBe('target');
  });

  it('an invalid key replays the invalid notice and the prompt; the valid key after it counts', () => {
    const result = simulated(twoKeys, { digits: ['7', '2'], behaviours: { Support: 'answer' } });
    expect(prompts(result)).toEqual([greeting, `Sorry, that is not a valid choice. ${greeting}`]);
    expect(result.timeline.filter((e) => e.event === 'digits').map((e) => e.digits)).toEqual(['7', '2']);
    expect(traced(result, 'menu.invalid').map((e) => e.message)).toEqual(['The caller pressed 7, which this menu does not offer (try 1 of 4).']);
    expect(traced(result, 'menu.prompt')[1]?.message).toContain('The caller hears the menu again (retry 1 of 3)');
    expect(traced(result, 'menu.chosen')[0]?.message).toBe('The caller pressed 2.');
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Support' });
    // callAnswered once: the replay does not answer again.
    expect(events(result).filter((e) => e === 'callAnswered')).toHaveLength(1);
  });

  it('silence on every try with 2 retries: three prompts (the later two with the timeout notice), then the exhausted target', () => {
    const quiet = menu(greeting, { '1': salesRing }, { retries: 2, exhausted: ring('simultaneous', [destination(anna, { label: 'Reception' })]) });
    const result = simulated(quiet, { behaviours: { Reception: 'answer' } });
    const again = `Sorry, we did not hear your choice. ${greeting}`;
    expect(prompts(result)).toEqual([greeting, again, again]);
    expect(traced(result, 'menu.timeout').map((e) => e.message)).toEqual([
      'No key was pressed within 10 s (try 1 of 3).',
      'No key was pressed within 10 s (try 2 of 3).',
      'No key was pressed within 10 s (try 3 of 3).',
    ]);
    expect(traced(result, 'menu.exhausted')).toHaveLength(1);
    expect(traced(result, 'leg.ringing')[0]?.rule).toBe('target.exhausted');
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Reception' });
    // Each try: the prompt, then 10 s of silence.
    const first = spokenSeconds(greeting) + 10;
    const each = spokenSeconds(again) + 10;
    expect(result.outcome.atSeconds).toBe(first + 2 * each);
  });

  it('silence with 0 retries goes to the exhausted target after the first prompt', () => {
    const result = simulated(menu(greeting, { '1': salesRing }, { retries: 0 }));
    expect(prompts(result)).toEqual([greeting]);
    expect(traced(result, 'menu.timeout').map((e) => e.message)).toEqual(['No key was pressed within 10 s (try 1 of 1).']);
    expect(traced(result, 'menu.exhausted')).toHaveLength(1);
    expect(result.outcome).toMatchObject({ result: 'hungUp', reason: 'unavailable' });
  });

  it('the timeout is counted from the end of the prompt, on the virtual clock, and is handed to the driver', () => {
    const slow = menu(greeting, { '1': salesRing }, { retries: 0, timeoutSeconds: 7 });
    const result = simulated(slow);
    const silence = result.timeline.find((e) => e.event === 'digits');
    expect(silence).toMatchObject({ digits: '', atSeconds: spokenSeconds(greeting) + 7 });
    expect(traced(result, 'menu.timeout')[0]?.message).toContain('within 7 s');

    // Call control gets the same numbers: collect one key, 7 s after the prompt.
    const driver = new CallDriver(snapshotWith({ target: slow }), { to: line, from: caller, at, via: 'trunk' });
    expect(driver.steps).toEqual([
      { type: 'answer' },
      { type: 'play', playId: 'play-1', prompt: { text: greeting }, collect: { maxDigits: 1, timeoutSeconds: 7, interDigitSeconds: 3 } },
    ]);
  });

  describe('direct dial', () => {
    const withExtensions = menu(greeting, { '1': salesRing }, { extensions: [{ extension: '201', label: 'Anna', target: ring('simultaneous', [destination(anna, { label: 'Anna' })]) }] });

    it('dialling an extension instead of a key rings that extension\'s target', () => {
      const result = simulated(withExtensions, { digits: ['201'], behaviours: { Anna: 'answer' } });
      expect(traced(result, 'menu.extension').map((e) => e.message)).toEqual(['The caller dialled extension 201 (Anna).']);
      expect(traced(result, 'leg.ringing')[0]?.rule).toBe('target.extension.201');
      expect(result.outcome).toMatchObject({ result: 'answered', label: 'Anna', destination: anna });
      // The driver collects up to the longest extension's length.
      expect(traced(result, 'menu.prompt')[0]?.message).toContain('a key (1) or an extension (201)');
    });

    it('an extension the menu does not have is an invalid choice', () => {
      const result = simulated(withExtensions, { digits: ['209', '1'], behaviours: { Sales: 'answer' } });
      expect(traced(result, 'menu.invalid').map((e) => e.message)).toEqual(['The caller pressed 209, which this menu does not offer (try 1 of 4).']);
      expect(rang(result)).toEqual(['Sales']);
    });

    it('call control is told to collect as many keys as the longest extension', () => {
      const driver = new CallDriver(snapshotWith({ target: withExtensions }), { to: line, from: caller, at, via: 'trunk' });
      const play = driver.steps.find((step): step is Extract<Step, { type: 'play' }> => step.type === 'play');
      expect(play?.collect).toEqual({ maxDigits: 3, timeoutSeconds: 10, interDigitSeconds: 3 });
    });
  });

  it('a hang-up target after a menu hangs up the answered call (not a SIP refusal), outcome hungUp', () => {
    const result = simulated(menu(greeting, { '1': hangup('busy') }), { digits: ['1'] });
    expect(events(result)).toEqual(['callAnswered', 'prompt', 'digits', 'hungUp']);
    expect(result.timeline.at(-1)).toMatchObject({ event: 'hungUp', reason: 'busy' });
    expect(result.outcome).toEqual({ result: 'hungUp', reason: 'busy', atSeconds: spokenSeconds(greeting) });
    expect(traced(result, 'call.hungUp')).toEqual([expect.objectContaining({ rule: 'target.key.1' })]);
    expect(traced(result, 'call.rejected')).toEqual([]);

    const driver = new CallDriver(snapshotWith({ target: menu(greeting, { '1': hangup('busy') }) }), { to: line, from: caller, at, via: 'trunk' });
    const decision = driver.send({ type: 'digits', playId: 'play-1' as PlayId, digits: '1' });
    expect(decision.steps).toEqual([{ type: 'hangup', reason: 'busy' }]);
    expect(decision.done).toBe(true);
  });

  it('a caller who hangs up during the menu ends the call: outcome callerHungUp', () => {
    const result = simulated(twoKeys, { hangUpAfter: 2 });
    expect(result.outcome).toEqual({ result: 'callerHungUp', atSeconds: 2 });
    expect(events(result)).toEqual(['callAnswered', 'prompt', 'callerHungUp']);
    expect(traced(result, 'call.callerHungUp').map((e) => e.message)).toEqual(['The caller hung up in the menu.']);
  });

  it('digits for an earlier prompt of the menu change nothing (a late report after a replay)', () => {
    const driver = new CallDriver(snapshotWith({ target: twoKeys }), { to: line, from: caller, at, via: 'trunk' });
    driver.send({ type: 'digits', playId: 'play-1' as PlayId, digits: '9' });
    const before = driver.decision.state;
    const late = driver.send({ type: 'digits', playId: 'play-1' as PlayId, digits: '1' });
    expect(late.steps).toEqual([]);
    expect(late.state).toEqual(before);
    expect(driver.codes).toEqual(['event.ignored']);
  });
});

describe('announcements', () => {
  const notice = 'Calls may be recorded for training.';

  it('an announcement, then a ring: the caller is answered, hears the text, and the ring starts when it ends', () => {
    const result = simulated(announcement(notice, salesRing), { behaviours: { Sales: 'answer' } });
    const heard = spokenSeconds(notice);
    expect(result.timeline.map(({ atSeconds, event, text }) => ({ atSeconds, event, text }))).toEqual([
      { atSeconds: 0, event: 'callAnswered', text: undefined },
      { atSeconds: 0, event: 'prompt', text: notice },
      { atSeconds: heard, event: 'ringing', text: undefined },
      { atSeconds: heard, event: 'answered', text: undefined },
      { atSeconds: heard, event: 'connected', text: undefined },
    ]);
    expect(traced(result, 'announcement.playing').map((e) => e.message)).toEqual([`The caller hears: "${notice}"`]);
    expect(traced(result, 'announcement.done')).toHaveLength(1);
    expect(traced(result, 'leg.ringing')[0]?.rule).toBe('target.then');
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Sales' });
  });

  it('an announcement, then hang up: outcome hungUp', () => {
    const result = simulated(announcement('We are closed. Goodbye.', hangup()));
    expect(events(result)).toEqual(['callAnswered', 'prompt', 'hungUp']);
    expect(result.outcome).toEqual({ result: 'hungUp', reason: 'unavailable', atSeconds: spokenSeconds('We are closed. Goodbye.') });
    expect(traced(result, 'call.hungUp')[0]?.rule).toBe('target.then');
  });

  it('a filter\'s announcement action: the blocked caller hears the text, then the call is declined (hangup), nobody rings', () => {
    const words = 'This number does not accept your calls.';
    const filter: CallFilter = { mode: 'block', entries: [{ match: { kind: 'number', e164: caller.kind === 'number' ? caller.e164 : ('+1' as E164) }, action: { kind: 'announcement', text: words } }] };
    const result = simulated({ filter, target: salesRing }, { behaviours: { Sales: 'answer' } });
    expect(rang(result)).toEqual([]);
    expect(events(result)).toEqual(['callAnswered', 'prompt', 'hungUp']);
    expect(prompts(result)).toEqual([words]);
    expect(result.outcome).toEqual({ result: 'hungUp', reason: 'declined', atSeconds: spokenSeconds(words) });
    expect(traced(result, 'filter.blocked')[0]?.message).toContain('the caller hears an announcement, then the call ends');
    expect(traced(result, 'call.hungUp')[0]?.rule).toBe('filter.0.then');

    // A caller the filter does not list rings as usual.
    const other = simulated({ filter, target: salesRing }, { behaviours: { Sales: 'answer' }, from: { kind: 'number', e164: '+447911234567' as E164 } });
    expect(other.outcome).toMatchObject({ result: 'answered', label: 'Sales' });
    expect(events(other)).not.toContain('callAnswered');
  });
});

describe('whispers on a ring', () => {
  const whispered = (whisper: Whisper, strategy: 'simultaneous' | 'sequential', labels: readonly [string, string][]): Target => ({
    ...ring(
      strategy,
      labels.map(([to, label]) => destination(to, { label })),
    ),
    whisper,
  });

  it('the person who answers hears the rendered template (number label and readable number), then is connected', () => {
    const target = whispered({ template: 'Call for {label} on {dialledNumber}', requireAccept: false }, 'simultaneous', [[sales, 'Sales']]);
    const result = simulated(target, { behaviours: { Sales: 'answer' } });
    const text = 'Call for Sales line on +31 20 123 4567';
    expect(result.timeline.map(({ atSeconds, event, text: said }) => ({ atSeconds, event, text: said }))).toEqual([
      { atSeconds: 0, event: 'ringing', text: undefined },
      { atSeconds: 0, event: 'answered', text: undefined },
      { atSeconds: 0, event: 'whisper', text },
      { atSeconds: spokenSeconds(text), event: 'whisperAccepted', text: undefined },
      { atSeconds: spokenSeconds(text), event: 'connected', text: undefined },
    ]);
    expect(traced(result, 'leg.whisper').map((e) => e.message)).toEqual([`Sales (+31 30 123 4567) hears "${text}" before being put through.`]);
    // A whisper alone does not answer the caller: they hear ringing until connected.
    expect(events(result)).not.toContain('callAnswered');
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Sales', atSeconds: spokenSeconds(text) });
  });

  it('with requireAccept a voicemail never accepts: the ring goes on to the next destination, who accepts', () => {
    const target = whispered({ template: 'Call for {label}', requireAccept: true }, 'sequential', [
      [support, 'Mobile'],
      [sales, 'Office'],
    ]);
    const result = simulated(target, { behaviours: { Mobile: 'voicemail', Office: 'answer' } });
    const text = 'Call for Sales line. Press 1 to accept.';
    const refused = spokenSeconds(text) + 10;
    expect(result.timeline.map(({ atSeconds, event, label }) => `${atSeconds} ${event} ${label ?? ''}`.trim())).toEqual([
      '0 ringing Mobile',
      '0 answered Mobile',
      '0 whisper Mobile',
      `${refused} whisperNotAccepted Mobile`,
      `${refused} ringing Office`,
      `${refused} answered Office`,
      `${refused} whisper Office`,
      `${refused + spokenSeconds(text)} whisperAccepted Office`,
      `${refused + spokenSeconds(text)} connected Office`,
    ]);
    expect(result.timeline.find((e) => e.event === 'whisper')?.text).toBe(text);
    expect(traced(result, 'leg.whisper')[0]?.message).toContain('must press 1 within 10 s to take the call');
    expect(traced(result, 'leg.notAccepted').map((e) => e.message)).toEqual([
      'Mobile (+31 6 12345678) did not accept the call (a voicemail, or no key pressed), so it counts as not answered.',
    ]);
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Office' });
  });

  it('while one person hears the whisper the others keep ringing; the first to accept gets the call, the other whisper is cut', () => {
    const target = whispered({ template: 'Call for {label}', requireAccept: true }, 'simultaneous', [
      [support, 'Mobile'],
      [sales, 'Office'],
    ]);
    const result = simulated(target, { behaviours: { Mobile: 'answer', Office: { answerAfterSeconds: 2 } } });
    const said = spokenSeconds('Call for Sales line. Press 1 to accept.');
    expect(result.timeline.map(({ atSeconds, event, label, reason }) => `${atSeconds} ${event} ${label ?? ''} ${reason ?? ''}`.trim())).toEqual([
      '0 ringing Mobile',
      '0 ringing Office',
      '0 answered Mobile',
      '0 whisper Mobile',
      '2 answered Office',
      '2 whisper Office',
      `${said} whisperAccepted Mobile`,
      `${said} cancelled Office answered-elsewhere`,
      `${said} connected Mobile`,
    ]);
    expect(traced(result, 'leg.cancelled').map((e) => e.message)).toEqual(['Stopped ringing Office (+31 30 123 4567): Mobile (+31 6 12345678) answered first.']);
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Mobile' });
  });
});
