// Every shipped application declares itself completely: messages in both languages with the same placeholders,
// audit entry kinds and console pages labelled in both, and its migrations where it says they are.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shippedApplications } from '../../src/apps/index.ts';
import { registeredMessage } from '../../src/i18n/index.ts';

// A label passed in both languages (fileJa / fileEn) is one parameter: each text uses its own language's.
const placeholders = (s: string) => [...s.matchAll(/{{(\w+?)(?:Ja|En)?}}/g)].map((m) => m[1]).sort();

describe.each(shippedApplications().map((a) => [a.id, a] as const))('the %s application', (_id, application) => {
  it('has both languages, non-empty and with the same placeholders, for every message code', () => {
    for (const [code, t] of Object.entries(application.messages ?? {})) {
      expect(t.ja.length, code).toBeGreaterThan(0);
      expect(t.en.length, code).toBeGreaterThan(0);
      expect(placeholders(t.ja), code).toEqual(placeholders(t.en));
      // Registered with the node's messages as the application's module loads.
      expect(registeredMessage(code, {}, 'en'), code).not.toBe(code);
    }
  });

  it('labels its audit entry kinds and its console page in Japanese and English', () => {
    for (const [kind, label] of Object.entries(application.auditKinds ?? {})) {
      expect(kind).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(label.ja.length * label.en.length, kind).toBeGreaterThan(0);
    }
    if (application.console) expect(application.console.label.ja.length * application.console.label.en.length).toBeGreaterThan(0);
  });

  it('ships its migrations directory', () => {
    if (application.migrations) expect(existsSync(fileURLToPath(application.migrations))).toBe(true);
  });
});
