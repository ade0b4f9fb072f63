import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

type Actor = 'officer' | 'compiler' | 'leader' | 'sealKeeper';

/** One case a client drives, with the tokens of the people who act on it. */
export interface BenchCase {
  id: string;
  tokens: Record<Actor, string>;
  /** Index into CYCLE of the event to send next. */
  next: number;
}

/**
 * A closed cycle through the lifecycle that starts and ends in `submitted`: the bureau returns the
 * report, and the unit reviews, approves, seals and submits it again. Sections stay approved, since
 * the return names none, so the cycle can run for ever.
 */
export const CYCLE: ReadonlyArray<{ type: string; actor: Actor; body: string }> = [
  { type: 'RETURN', actor: 'officer', body: JSON.stringify({ type: 'RETURN', reason: '基准测试：请补充绩效指标说明' }) },
  { type: 'REQUEST_REVIEW', actor: 'compiler', body: JSON.stringify({ type: 'REQUEST_REVIEW' }) },
  { type: 'APPROVE', actor: 'leader', body: JSON.stringify({ type: 'APPROVE' }) },
  { type: 'SEAL', actor: 'sealKeeper', body: JSON.stringify({ type: 'SEAL' }) },
  { type: 'SUBMIT', actor: 'compiler', body: JSON.stringify({ type: 'SUBMIT' }) },
];

/** Answers slower than this are grouped into stalls in the report. */
export const SLOW_MS = 100;

export interface PhaseResult {
  seconds: number;
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** A few of the non-200 answers, for the report. */
  failures: string[];
  /** Runs of answers slower than SLOW_MS whose starts lie within a second of each other. */
  stalls: Array<{ atSeconds: number; count: number }>;
  /** When the phase started (performance.now()), the origin of `stalls`. */
  startedAt: number;
}

interface Answer {
  status: number;
  body: string;
}

/**
 * Keep-alive connections the client closes after 4 s idle, before the server's keep-alive timeout
 * (5 s) can close one just as a request reuses it ("socket hang up"). At half load most of the
 * sixteen connections sit idle, and a stall that puts them all to use at once picked one at the 5 s
 * edge: one such failure in a run on 2026-12-07.
 */
const newAgent = () => new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4_000 });

/** A plain keep-alive HTTP client: supertest costs too much CPU on a machine the service shares. */
export class Target {
  private agent = newAgent();

  constructor(readonly port: number) {}

  send(method: 'GET' | 'POST' | 'PUT', path: string, token: string, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * Starts over on new connections. Connections left idle across the vacuum between phases outlive
   * the server's keep-alive timeout (5 s), and one the server closes just as a request reuses it
   * fails with "socket hang up"; each phase starts on fresh ones instead.
   */
  reconnect(): void {
    this.agent.destroy();
    this.agent = newAgent();
  }
}

class Recorder {
  readonly latencies: number[] = [];
  /** Start times of answers slower than SLOW_MS, for finding stalls. */
  readonly slowAt: number[] = [];
  failed = 0;
  readonly failures: string[] = [];

  fail(text: string): void {
    this.failed += 1;
    if (this.failures.length < 5) this.failures.push(text);
  }

  result(seconds: number, started: number): PhaseResult {
    const stalls: PhaseResult['stalls'] = [];
    let last = -Infinity;
    for (const at of [...this.slowAt].sort((a, b) => a - b)) {
      if (at - last > 1000) stalls.push({ atSeconds: (at - started) / 1000, count: 0 });
      stalls[stalls.length - 1]!.count += 1;
      last = at;
    }
    const sorted = Float64Array.from(this.latencies).sort();
    // Nearest rank: the smallest latency at or above which p percent of the answers lie.
    const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
    return {
      seconds,
      ok: sorted.length,
      failed: this.failed,
      perSecond: sorted.length / seconds,
      p50: at(50),
      p95: at(95),
      p99: at(99),
      max: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
      failures: [...this.failures],
      stalls,
      startedAt: started,
    };
  }
}

/**
 * Sends the case's next event. Only a 200 counts as a transition; after anything else the case's
 * state is read back, so one failure does not turn every later event into a conflict.
 */
async function step(target: Target, c: BenchCase, recorder: Recorder, startedAt: number): Promise<void> {
  const { actor, body } = CYCLE[c.next]!;
  let answer: Answer;
  try {
    answer = await target.send('POST', `/api/cases/${c.id}/events`, c.tokens[actor], body);
  } catch (error) {
    recorder.fail(`${body}: ${error instanceof Error ? error.message : String(error)}`);
    await resync(target, c);
    return;
  }
  if (answer.status === 200) {
    const latency = performance.now() - startedAt;
    recorder.latencies.push(latency);
    if (latency > SLOW_MS) recorder.slowAt.push(startedAt);
    c.next = (c.next + 1) % CYCLE.length;
  } else {
    recorder.fail(`${body} → ${answer.status} ${answer.body.slice(0, 300)}`);
    await resync(target, c);
  }
}

/** Works out the next event of the cycle from the case as the service sees it now. */
export async function resync(target: Target, c: BenchCase): Promise<void> {
  const answer = await target.send('GET', `/api/cases/${c.id}`, c.tokens.officer);
  if (answer.status !== 200) throw new Error(`GET case ${c.id} → ${answer.status} ${answer.body.slice(0, 300)}`);
  const view = JSON.parse(answer.body) as { state: string; approvals: string[] };
  if (view.state.startsWith('submitted')) c.next = 0;
  else if (view.state === 'self_assessment') c.next = 1;
  else if (view.state === 'internal_review') c.next = view.approvals.length === 0 ? 2 : 3;
  else if (view.state === 'sealed') c.next = 4;
  else throw new Error(`case ${c.id} left the benchmark cycle: it is ${view.state}`);
}

/** Closed loop: every client sends its case's next event as soon as the previous one is answered. */
export async function closedLoop(target: Target, cases: BenchCase[], seconds: number): Promise<PhaseResult> {
  target.reconnect();
  const recorder = new Recorder();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    cases.map(async (c) => {
      while (performance.now() < deadline) await step(target, c, recorder, performance.now());
    }),
  );
  return recorder.result((performance.now() - started) / 1000, started);
}

/**
 * Open loop at a fixed rate: events are due at evenly spaced times whatever the answers do, and
 * each one's latency runs from the time it was due, so a slow service cannot hide its backlog by
 * slowing the client down. Events of one case must follow each other, so a due event goes to
 * whichever case is idle; when none is, it waits, and that wait counts in its latency.
 */
export async function openLoop(target: Target, cases: BenchCase[], rate: number, seconds: number): Promise<PhaseResult & { waitedForCase: number }> {
  target.reconnect();
  const recorder = new Recorder();
  const interval = 1000 / rate;
  const total = Math.max(1, Math.floor(rate * seconds));
  const idle = [...cases];
  const due: number[] = [];
  let scheduled = 0;
  let inFlight = 0;
  let waitedForCase = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const dispatch = () => {
      while (due.length > 0 && idle.length > 0) {
        const dueAt = due.shift()!;
        const c = idle.shift()!;
        inFlight += 1;
        step(target, c, recorder, dueAt).then(() => {
          inFlight -= 1;
          idle.push(c);
          dispatch();
        }, reject);
      }
      if (scheduled === total && due.length === 0 && inFlight === 0) resolve();
    };
    const tick = () => {
      const now = performance.now();
      while (scheduled < total && started + scheduled * interval <= now) {
        due.push(started + scheduled * interval);
        scheduled += 1;
        // FIFO: this event gets a case now only if there are more idle cases than events before it.
        if (due.length > idle.length) waitedForCase += 1;
      }
      dispatch();
      if (scheduled < total) setTimeout(tick, Math.max(0, started + scheduled * interval - performance.now()));
    };
    tick();
  });
  return { ...recorder.result((performance.now() - started) / 1000, started), waitedForCase };
}
