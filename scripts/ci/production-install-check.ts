import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * The two halves of scripts/ci/production-install.sh that need more than a shell:
 *
 *   smtp <dir>                  a test SMTP server on a free loopback port; writes the port to <dir>/port
 *                               and each message it accepts, parsed, to <dir>/<n>.json; runs until killed.
 *   urge <base url> <dir>       signs in as the demo people, takes the demo case into self-assessment,
 *                               has the group leader 催办 a member on a section, and waits (at most
 *                               URGE_WAIT_SECONDS, default 60) until that message is in <dir>.
 *
 * Reads DEMO_PASSWORD (default Jixiao@2024). Exits 1 with the reason when a step fails.
 */

interface CapturedMail {
  messageId: string;
  subject: string;
  to: string;
  text: string;
}

function say(line: string): void {
  process.stdout.write(`   ${line}\n`);
}

async function smtp(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          const mail: CapturedMail = {
            messageId: parsed.messageId ?? '',
            subject: parsed.subject ?? '',
            to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
            text: parsed.text ?? '',
          };
          count += 1;
          writeFileSync(join(dir, `${count}.json`), JSON.stringify(mail));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  writeFileSync(join(dir, 'port'), String((server.server.address() as AddressInfo).port));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

class Api {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly base: string,
    private readonly password: string,
  ) {}

  async call<T>(username: string, method: string, path: string, body?: object): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.token(username)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${username} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  private async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const response = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: this.password }),
    });
    const body = (await response.json()) as { accessToken?: string };
    if (response.status !== 200 || !body.accessToken) throw new Error(`sign-in of ${username} answered ${response.status}: ${JSON.stringify(body)}`);
    say(`signed in as ${username}`);
    this.tokens.set(username, body.accessToken);
    return body.accessToken;
  }
}

function received(dir: string): CapturedMail[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CapturedMail);
}

async function urge(base: string, dir: string): Promise<void> {
  const api = new Api(base, process.env.DEMO_PASSWORD ?? 'Jixiao@2024');
  const me = await api.call<{ organisationId: string }>('zzb.admin', 'GET', '/api/auth/me');
  const people = await api.call<Array<{ id: string; username: string; email?: string | null }>>('zzb.admin', 'GET', `/api/organisations/${me.organisationId}/users`);
  const id = (username: string): string => {
    const person = people.find((p) => p.username === username);
    if (!person) throw new Error(`the demo unit has no ${username}`);
    return person.id;
  };
  const cases = await api.call<{ items: Array<{ id: string }> }>('zzb.admin', 'GET', '/api/cases');
  const caseId = cases.items[0]?.id;
  if (!caseId) throw new Error('the demo unit has no case: was the demo data loaded?');
  await api.call('zzb.admin', 'POST', `/api/cases/${caseId}/events`, {
    type: 'FORM_GROUP',
    group: {
      leaderId: id('zzb.leader'),
      deputyLeaderIds: [id('zzb.deputy')],
      memberIds: [id('zzb.member'), id('zzb.member2')],
      compilerIds: [id('zzb.compiler')],
      sealKeeperIds: [id('zzb.seal')],
      publisherIds: [id('zzb.publisher')],
    },
  });
  say('working group formed');
  const detail = await api.call<{ submissionDeadline: string; sections: Array<{ code: string }> }>('zzb.leader', 'GET', `/api/cases/${caseId}`);
  for (const { code } of detail.sections) {
    await api.call('zzb.leader', 'PUT', `/api/cases/${caseId}/sections/${code}/assignment`, { assigneeId: id('zzb.member'), dueDate: detail.submissionDeadline });
  }
  await api.call('zzb.leader', 'POST', `/api/cases/${caseId}/events`, { type: 'START_SELF_ASSESSMENT' });
  say(`${detail.sections.length} sections assigned to zzb.member, self-assessment started`);
  const section = detail.sections[0]!.code;
  await api.call('zzb.leader', 'POST', `/api/cases/${caseId}/urges`, {
    recipientId: id('zzb.member'),
    task: { kind: 'draft_section', sectionCode: section },
    message: '生产安装检查：请尽快提交初稿。',
  });
  say(`zzb.leader urged (催办) zzb.member on section ${section}`);

  const expectedTo = 'zzb.member@xiashan.example';
  const seconds = Number(process.env.URGE_WAIT_SECONDS ?? 60);
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const mail = received(dir).find((m) => m.subject.includes('催办：请尽快'));
    if (mail) {
      if (!mail.to.includes(expectedTo)) throw new Error(`the 催办 went to ${mail.to}, not ${expectedTo}`);
      if (!mail.subject.startsWith('【绩效自评】催办：请尽快')) throw new Error(`unexpected subject: ${mail.subject}`);
      if (!mail.text.includes('生产安装检查：请尽快提交初稿。')) throw new Error('the 催办 mail does not carry the message');
      say(`received: to ${mail.to}, subject ${mail.subject}, ${mail.messageId}`);
      return;
    }
    if (Date.now() > deadline) {
      const others = received(dir).map((m) => `${m.to}: ${m.subject}`);
      throw new Error(`no 催办 mail within ${seconds} s (the SMTP server received ${others.length === 0 ? 'nothing' : others.join('; ')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main([command, ...args]: string[]): Promise<void> {
  if (command === 'smtp' && args.length === 1) return smtp(args[0]!);
  if (command === 'urge' && args.length === 2) return urge(args[0]!, args[1]!);
  throw new Error('usage: production-install-check.js smtp <dir> | urge <base url> <dir>');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`   FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
