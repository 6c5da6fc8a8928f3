// Every benchmark `npm run bench` knows, in the order they run.
import type { Benchmark } from './harness.ts';
import { auditBenchmark } from './audit.bench.ts';
import { importBenchmark } from './import.bench.ts';
import { policyBenchmark } from './policy.bench.ts';
import { signaturesBenchmark } from './signatures.bench.ts';

export const benchmarks: Benchmark[] = [importBenchmark, policyBenchmark, signaturesBenchmark, auditBenchmark];
