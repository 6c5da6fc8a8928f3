// Reads one application offers the others on the same node (docs/writing-an-application.md §10): the node checks at
// install that no two applications provide the same capability and that every provider answers exactly what it
// declares, and answers a consumer's question — validated both ways — or says plainly that no provider is installed.
import type { Static, TSchema } from '@sinclair/typebox';
import { validate } from '../../model/index.ts';
import type { Application, ApplicationCapability, CapabilityAnswerer, CapabilityOutcome } from './application.ts';

/** Capability names: lower-case words joined by dots, the provider's id first (`logistics.unmet-needs`). */
const CAPABILITY_NAME = /^[a-z][a-z0-9-]{0,39}(\.[a-z][a-z0-9-]{0,39}){1,3}$/;

export const capabilityKey = (c: Pick<ApplicationCapability, 'name' | 'version'>) => `${c.name}@${c.version}`;

/** The capabilities the installed applications answer, by name@version; filled as each application is installed. */
export class CapabilityBook {
  readonly #answerers = new Map<string, { provider: string; answerer: CapabilityAnswerer }>();

  add(provider: string, answerer: CapabilityAnswerer): void {
    this.#answerers.set(capabilityKey(answerer.capability), { provider, answerer });
  }

  get(key: string): { provider: string; answerer: CapabilityAnswerer } | undefined {
    return this.#answerers.get(key);
  }
}

const sameSchema = (a: TSchema, b: TSchema) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Problems with what the applications declare they provide and consume, before any is installed: a malformed name or
 * version, a provided name not starting with its provider's id, one capability provided twice, or a consumer expecting
 * other schemas than its provider declares.
 */
export function capabilityDeclarationProblems(applications: readonly Application[]): string[] {
  const problems: string[] = [];
  const providers = new Map<string, { app: string; capability: ApplicationCapability }>();
  const wellFormed = (app: string, c: ApplicationCapability) => {
    if (CAPABILITY_NAME.test(c.name) && Number.isInteger(c.version) && c.version >= 1) return true;
    problems.push(`application ${app}: the capability ${JSON.stringify(c.name)} version ${c.version} is not a dotted lower-case name with a whole version from 1`);
    return false;
  };
  for (const a of applications) {
    for (const c of a.provides ?? []) {
      if (!wellFormed(a.id, c)) continue;
      // The provider's id first: a name says whose read it is, and two applications cannot claim one by accident.
      if (c.name.split('.')[0] !== a.id) problems.push(`application ${a.id}: the capability ${c.name} it provides must start with ${a.id}.`);
      const known = providers.get(capabilityKey(c));
      if (known) problems.push(`application ${a.id}: the capability ${capabilityKey(c)} is already provided by ${known.app}`);
      else providers.set(capabilityKey(c), { app: a.id, capability: c });
    }
  }
  for (const a of applications) {
    for (const c of a.consumes ?? []) {
      if (!wellFormed(a.id, c)) continue;
      const provider = providers.get(capabilityKey(c));
      if (provider && (!sameSchema(provider.capability.question, c.question) || !sameSchema(provider.capability.answer, c.answer))) {
        problems.push(`application ${a.id}: consumes ${capabilityKey(c)} with other question or answer schemas than ${provider.app} provides`);
      }
    }
  }
  return problems;
}

/** Problems with what one installed application answers: every declared capability answered, nothing undeclared. */
export function answererProblems(application: Application, answerers: readonly CapabilityAnswerer[]): string[] {
  const declared = new Set((application.provides ?? []).map(capabilityKey));
  const answered = new Set<string>();
  const problems: string[] = [];
  for (const a of answerers) {
    const key = capabilityKey(a.capability);
    if (!declared.has(key)) problems.push(`application ${application.id}: answers ${key}, which it does not declare in provides`);
    else if (answered.has(key)) problems.push(`application ${application.id}: answers ${key} twice`);
    answered.add(key);
  }
  for (const key of declared) if (!answered.has(key)) problems.push(`application ${application.id}: declares ${key} in provides but does not answer it`);
  return problems;
}

const firstProblems = (problems: readonly { path: string; message: string }[]) =>
  problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ').slice(0, 500);

/**
 * Ask the provider of a capability, for one consuming application. Only what the consumer declared in `consumes`
 * may be asked; the question and the answer are checked against the capability's schemas, so a consumer relies on
 * the type and a provider's fault reaches it as an outcome, never as an exception.
 */
export async function askCapability<Q extends TSchema, A extends TSchema>(
  consumer: Application,
  book: CapabilityBook | undefined,
  capability: ApplicationCapability<Q, A>,
  question: Static<Q>,
): Promise<CapabilityOutcome<Static<A>>> {
  const key = capabilityKey(capability);
  if (!(consumer.consumes ?? []).some((c) => capabilityKey(c) === key)) {
    return { kind: 'failed', reason: 'undeclared', detail: `${consumer.id} does not declare ${key} in consumes` };
  }
  const asked = validate(capability.question, question);
  if (!asked.ok) return { kind: 'failed', reason: 'question-invalid', detail: firstProblems(asked.problems) };
  const found = book?.get(key);
  if (!found) return { kind: 'not-installed', capability: key };
  let answer: unknown;
  try {
    answer = await found.answerer.answer(asked.value);
  } catch (e) {
    return { kind: 'failed', reason: 'provider-error', detail: `${found.provider}: ${(e as Error).message}`.slice(0, 500) };
  }
  const checked = validate(capability.answer, answer);
  if (!checked.ok) return { kind: 'failed', reason: 'answer-invalid', detail: `${found.provider}: ${firstProblems(checked.problems)}` };
  return { kind: 'answered', provider: found.provider, answer: checked.value as Static<A> };
}
