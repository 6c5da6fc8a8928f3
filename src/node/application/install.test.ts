// What the node refuses to install: an application whose declarations would collide with the node's or another
// application's (ids, console pages, delivery kinds, audit labels) stops the node before it serves anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { openStore } from '../../store/open-store.ts';
import type { Application, ApplicationDeliveryKind } from './application.ts';
import { ApplicationInstallError, installApplications, type ApplicationHost } from './install.ts';
import { createAccessGate } from '../access-gate.ts';
import { publicOnly } from '../requester.ts';
import { standaloneFederationClient } from '../operator/trusted-context.ts';

async function host(): Promise<ApplicationHost> {
  const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const auditLog = { append: async () => ({ ok: true as const, entries: [] }) } as unknown as ApplicationHost['auditLog'];
  return {
    store,
    participantId: 'jp-172022-nanao-city',
    name: { ja: '七尾市', en: 'Nanao City' },
    dataAreas: [],
    participantName: () => undefined,
    now: () => new Date(),
    declarations: () => [],
    peers: () => [],
    client: standaloneFederationClient('none'),
    auditLog,
    gate: createAccessGate({ policies: [], auditLog, dataAreas: [] }),
    authenticate: publicOnly,
    warn: () => undefined,
  };
}

const app = (id: string, extra: Partial<Application> = {}, parts: Awaited<ReturnType<Application['install']>> = {}): Application => ({
  id,
  name: { ja: id, en: id },
  install: () => parts,
  ...extra,
});

const kind = (name: string): ApplicationDeliveryKind =>
  ({ kind: name, description: name, payload: Type.Object({}), subjectField: 'id', resolve: async () => ({ ok: false }), apply: async () => ({}) }) as unknown as ApplicationDeliveryKind;

describe('installing applications', () => {
  // One node's host serves every case: the refusals come before anything touches the store.
  let shared: ApplicationHost;
  beforeAll(async () => {
    shared = await host();
  });
  afterAll(async () => {
    await shared.store.close();
  });

  it('installs applications in order and collects their pages, kinds and audit labels with the core’s', async () => {
    const installed = await installApplications(
      [
        app('alpha', { console: { route: 'alpha', label: { ja: 'ア', en: 'A' } }, auditKinds: { 'alpha-done': { ja: '済', en: 'Done' } } }, { deliveryKinds: [kind('alpha-thing')] }),
        app('beta'),
      ],
      shared,
    );
    expect(installed.installed.map((a) => a.id)).toEqual(['alpha', 'beta']);
    expect([...installed.deliveryKinds.keys()]).toEqual(['alpha-thing']);
    expect(installed.auditKinds['alpha-done']).toEqual({ ja: '済', en: 'Done' });
    expect(installed.auditKinds['access-decision']).toBeDefined();
  });

  it.each([
    ['an id that cannot name tables', [app('Alpha One')], /lower-case/],
    ['the same id twice', [app('alpha'), app('alpha')], /twice/],
    ['a console page the console already has', [app('alpha', { console: { route: 'audit', label: { ja: 'x', en: 'x' } } })], /already taken/],
    ['a delivery kind the node handles itself', [app('alpha', {}, { deliveryKinds: [kind('notification')] })], /already handled/],
    ['a delivery kind another application handles', [app('alpha', {}, { deliveryKinds: [kind('k')] }), app('beta', {}, { deliveryKinds: [kind('k')] })], /already handled/],
    ['a delivery kind auditing under a kind the application does not declare', [app('alpha', {}, { deliveryKinds: [{ ...kind('k'), auditKind: 'alpha-undeclared' }] })], /does not declare/],
    ['a core audit kind with another label', [app('alpha', { auditKinds: { 'access-decision': { ja: '別', en: 'Other' } } })], /another label/],
  ])('refuses %s', async (_what, applications, why) => {
    await expect(installApplications(applications, shared)).rejects.toThrow(ApplicationInstallError);
    await expect(installApplications(applications, shared)).rejects.toThrow(why);
  });
});
