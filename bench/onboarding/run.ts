import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { loadConfig } from '@jixiao/config';
import { FirstAdministratorService, MailDispatcher } from '@jixiao/evaluation';
import { migrate } from '@jixiao/persistence';
import { createApp } from '../../apps/api/src/create-app';
import { directoryCsv, directoryRows } from '../../test/support/directory-file';
import { CapturingSmtpServer } from '../../test/support/mail';
import { BENCH_HISTORY_KEY } from '../history-key';
import { databaseUrlOrExit, dateInDays } from '../support/bulk-world';
import { scratchDatabase } from '../support/scratch-database';

/**
 * bench/onboarding: a bureau's first day on a database of its own (created on the server that
 * DATABASE_URL names, dropped at the end), through HTTP: the directory of BENCH_UNITS units (300)
 * with their administrators imported from a CSV, the invitation mails delivered to a local SMTP
 * server, and the notice created and issued to every unit. Baseline, same run: the preview of the
 * same file (read and checked, nothing written).
 */
const UNITS = Number(process.env.BENCH_UNITS ?? 300);
const TARGET_SECONDS = 10;
const PASSWORD = 'Jizhun#Onboard2026';

async function main(): Promise<void> {
  const serverUrl = databaseUrlOrExit();
  const scratch = await scratchDatabase(serverUrl, 'bench_onboarding');
  const url = scratch.url;
  const smtp = await new CapturingSmtpServer().start();
  await migrate({ url, poolMax: 1 });
  const app = await createApp(
    loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', HISTORY_KEY: BENCH_HISTORY_KEY, SMTP_URL: smtp.url, PUBLIC_URL: 'http://bench.example' }),
    { url, poolMax: 10 },
  );
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const seconds = (since: number) => (performance.now() - since) / 1000;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const ok = <T extends { status: number; body: unknown }>(response: T, status: number, what: string): T => {
    if (response.status !== status) throw new Error(`${what} → ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };
  const signIn = async (username: string, password: string) =>
    ok(await request(server).post('/api/auth/login').send({ username, password }), 200, `sign-in of ${username}`).body.accessToken as string;
  const deliverAll = async () => {
    for (;;) {
      const report = await app.get(MailDispatcher).deliverDue({ organisationIds: null });
      if (report.sent === 0 && report.failed === 0) return;
    }
  };
  try {
    const first = (await app.get(FirstAdministratorService).createIfNoAccounts())!;
    const initial = await signIn(first.username, first.oneTimePassword);
    ok(await request(server).post('/api/auth/password').set(bearer(initial)).send({ currentPassword: first.oneTimePassword, newPassword: PASSWORD }), 204, 'password change');
    const system = await signIn(first.username, PASSWORD);
    const bureau = ok(await request(server).post('/api/bureaus').set(bearer(system)).send({ name: '基准区财政局', code: 'JZCZJ' }), 201, 'bureau').body;
    ok(
      await request(server).post(`/api/bureaus/${bureau.id}/officers`).set(bearer(system)).send({ username: 'jz.officer', displayName: '基准科长', email: 'officer@bench.example' }),
      201,
      'officer',
    );
    await deliverAll();
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(smtp.messages.at(-1)!.text)![1]!;
    ok(await request(server).post(`/api/invitations/${token}/accept`).send({ password: PASSWORD }), 200, 'officer accepts');
    const officer = await signIn('jz.officer', PASSWORD);

    const file = directoryCsv(directoryRows(UNITS, 'bench.example'));
    const post = (query: string) => request(server).post(`/api/directory/import?${query}`).set(bearer(officer)).set('Content-Type', 'text/csv').send(file);
    let started = performance.now();
    const preview = ok(await post('mode=preview'), 200, 'preview');
    const previewSeconds = seconds(started);
    if (preview.body.problems.length > 0) throw new Error(`the bench's file has problems: ${JSON.stringify(preview.body.problems.slice(0, 3))}`);
    started = performance.now();
    ok(await post(`mode=apply&digest=${encodeURIComponent(preview.body.digest)}`), 200, 'apply');
    const applySeconds = seconds(started);

    const mailsBefore = smtp.messages.length;
    started = performance.now();
    await deliverAll();
    const mailSeconds = seconds(started);
    const mailed = smtp.messages.length - mailsBefore;

    const units = ok(await request(server).get('/api/directory/units?limit=1000').set(bearer(officer)), 200, 'directory').body;
    const unitIds: string[] = units.items.map((u: { id: string }) => u.id);
    for (let offset = 1000; unitIds.length < units.total; offset += 1000) {
      const page = ok(await request(server).get(`/api/directory/units?limit=1000&offset=${offset}`).set(bearer(officer)), 200, 'directory').body;
      unitIds.push(...page.items.map((u: { id: string }) => u.id));
    }
    started = performance.now();
    const campaign = ok(
      await request(server)
        .post('/api/campaigns')
        .set(bearer(officer))
        .send({ documentNumber: '基准财〔2026〕1号', title: '关于开展部门整体支出绩效自评的通知', fiscalYear: 2025, submissionDeadline: dateInDays(30), publicationDeadline: dateInDays(45), unitIds }),
      201,
      'campaign',
    ).body;
    ok(await request(server).post(`/api/campaigns/${campaign.id}/issue`).set(bearer(officer)), 200, 'issue');
    const issueSeconds = seconds(started);

    console.log(`bench onboarding: ${UNITS} units, each with an administrator invited by mail, on a fresh database`);
    console.log(`preview of the directory file (read and checked, nothing written): ${previewSeconds.toFixed(2)} s`);
    console.log(`apply (units, change record, ${UNITS} accounts and invitation mails queued, one transaction): ${applySeconds.toFixed(2)} s`);
    console.log(`delivering the ${mailed} invitation mails to a local SMTP server: ${mailSeconds.toFixed(2)} s`);
    console.log(`notice created and issued to ${unitIds.length} units: ${issueSeconds.toFixed(2)} s`);
    console.log(`RESULT onboarding-import: ${applySeconds.toFixed(2)} s for ${UNITS} units (baseline ${previewSeconds.toFixed(2)} s, target ${TARGET_SECONDS} s)`);
  } finally {
    await app.close();
    await smtp.stop();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
